// `npm run build`: tsc, then the big CommonJS packages bundled into shared chunks, then the oclif manifest.
//
// Loading @oclif/core from node_modules means resolving and compiling its ~180-file CommonJS tree
// (help, semver, minimatch, ejs, …) on every start, and undici's is as big (jsonc-parser's, six
// UMD files, is small but on every schema-reading command); bundled, each loads much faster. tsc writes dist/ as before. esbuild then rewrites, in place, each
// file of dist/ that imports a BUNDLED package so that it imports dist/chunks/*.js instead (one
// copy shared by bin/run.js and every command). Nothing else changes: every file keeps its own
// path and code (relative imports stay imports, so import.meta.url-relative paths keep working
// and oclif still loads only the command that runs, through the committed manifest), and every
// other package (avsc, fastify, ink, chalk, cosmiconfig, …) is still loaded from node_modules
// when the code that imports it runs. Commands and modules added later need nothing here: any
// compiled file that imports a bundled package is picked up. The one exception to "every file keeps
// its path": the `check` command's own modules are bundled into it (see OWN_BUNDLED_COMMANDS).
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** Packages bundled (with what they require): big CommonJS trees that are slow to load file by file. */
const BUNDLED = ['@oclif/core', '@oclif/plugin-help', 'undici', 'jsonc-parser']
const isBundled = (spec) => BUNDLED.some((name) => spec === name || spec.startsWith(`${name}/`))
const IMPORT = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g

/** The compiled files of `dir` that import a bundled package (statically or dynamically). */
function bundledImporters(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].some((m) => isBundled(m[1])))
}

/** Bundles BUNDLED packages; leaves our relative imports and every other package as they are. */
const onlyBundledPackages = {
  name: 'only-bundled-packages',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined
      // oclif requires typescript only to run sources in development; never bundle it.
      if (args.path === 'typescript') return { path: args.path, external: true }
      if (args.importer.includes('/node_modules/') || isBundled(args.path)) return undefined
      return { path: args.path, external: true }
    })
  },
}

/**
 * Start-up work of bundled packages deferred or dropped, each a one-line rewrite of one file; the
 * build fails if the file or the line is no longer there, rather than silently not applying it.
 * - undici's client.js requires its HTTP/2 module at load time, which loads node:http2 and
 *   node:tls (~10 ms CPU of every registry command's start-up), though it runs only for a
 *   connection that negotiated h2 (`allowH2`, which the registry client does not set): it is
 *   required on first use instead.
 * - @oclif/core's index.js loads all of semver (~8 ms CPU of every command) to compare Node's
 *   version with oclif's own `engines`; bundled, that check cannot work (it reads a package.json
 *   next to `__dirname`, which an ES module lacks, and ignores the error), so the call is dropped.
 * - oclif sorts the command ids with localeCompare, whose first call initialises ICU's collator
 *   (12-30 ms of every command); for ids of lowercase letters, ':' and '-' (all of ours) its order
 *   is code-unit order (checked against localeCompare on random strings of those characters), so
 *   those are compared directly, as in src/workspace/name-order.ts.
 */
const PATCHES = [
  {
    file: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/,
    from: "const connectH2 = require('./client-h2.js')",
    to: "const connectH2 = (...args) => require('./client-h2.js')(...args)",
  },
  { file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]index\.js$/, from: '\ncheckNodeVersion();', to: '\n' },
  {
    file: /[\\/]@oclif[\\/]core[\\/]lib[\\/]config[\\/]plugin\.js$/,
    from: '.sort((a, b) => a.id.localeCompare(b.id))',
    to: '.sort((a, b) => (/^[a-z:-]*$/.test(a.id + b.id) ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.id.localeCompare(b.id)))',
  },
]
const patchPackages = (patches) => ({
  name: 'patch-packages',
  setup(b) {
    const applied = new Set()
    for (const patch of patches) {
      b.onLoad({ filter: patch.file }, (args) => {
        const text = readFileSync(args.path, 'utf8')
        if (!text.includes(patch.from)) throw new Error(`${args.path}: ${JSON.stringify(patch.from)} not found; update PATCHES in scripts/build.mjs`)
        applied.add(patch)
        return { contents: text.replace(patch.from, patch.to), loader: 'js' }
      })
    }
    b.onEnd(() => {
      const missed = patches.filter((patch) => !applied.has(patch))
      if (missed.length > 0) throw new Error(`no file matched ${missed.map((patch) => patch.file).join(', ')}; update PATCHES in scripts/build.mjs`)
    })
  },
})

rmSync(dist, { recursive: true, force: true })
execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })

/** esbuild options of both bundling steps: files of dist/ rewritten in place, shared code in dist/chunks/. */
const IN_PLACE = {
  outbase: dist,
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  keepNames: true,
  write: false,
  logLevel: 'warning',
}

const entryPoints = bundledImporters(dist)
const { outputFiles } = await build({
  ...IN_PLACE,
  entryPoints,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [onlyBundledPackages, patchPackages(PATCHES)],
  // jsonc-parser's "main" is a UMD build whose require() esbuild cannot follow; "module" is plain ESM.
  mainFields: ['module', 'main'],
})
// The bundled packages are CommonJS: in an ES module, their require() of node builtins (esbuild's
// __require) needs a real require, given only to the file that defines __require (a shared chunk).
const REQUIRE = "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);\n"
for (const out of outputFiles) {
  mkdirSync(dirname(out.path), { recursive: true })
  writeFileSync(out.path, /^var __require = /m.test(out.text) ? REQUIRE + out.text : out.text)
}
console.log(`${BUNDLED.join(', ')} bundled for ${entryPoints.map((e) => relative(dist, e)).join(', ')}`)

// The terminal UI (ink, react and their ~60 packages, loaded only by browse and by migrate on a
// terminal) costs ~700 ms CPU to load file by file with React's development builds, ~170 ms bundled
// for production: its importers in dist/ui/ get it as shared chunks. React's production build is
// chosen by NODE_ENV, fixed here; ink's optional devtools (`DEV=true`, react-devtools-core, not
// installed) become an empty module.
const UI_BUNDLED = ['ink', 'react', 'react/jsx-runtime']
// yoga-layout (ink's layout engine) decodes its WebAssembly from a base64 data: URL through fetch()
// where fetch exists: in Node the first fetch() loads Node's own undici and its WebSocket and assert
// modules (~200 ms CPU of browse's start-up) to read a string already in memory. It decodes it
// directly instead, as it does where there is no fetch.
const UI_PATCHES = [
  {
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    from: 'function ya(){return w||"function"!=typeof fetch?',
    to: 'function ya(){return true?',
  },
]
const isUiBundled = (spec) => UI_BUNDLED.some((name) => spec === name || spec.startsWith(`${name}/`))
const uiPackagesOnly = {
  name: 'ui-packages-only',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'absent' }))
    // Thrown as a missing package is: ink then warns that devtools need it, and goes on.
    b.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({
      contents: "throw Object.assign(new Error('react-devtools-core is not installed'), { code: 'ERR_MODULE_NOT_FOUND' })",
      loader: 'js',
    }))
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined
      if (args.importer.includes('/node_modules/') || isUiBundled(args.path)) return undefined
      return { path: args.path, external: true }
    })
  },
}
const uiEntries = readdirSync(join(dist, 'ui'), { withFileTypes: true, recursive: true })
  .filter((e) => e.isFile() && e.name.endsWith('.js'))
  .map((e) => join(e.parentPath, e.name))
  .filter((file) => [...readFileSync(file, 'utf8').matchAll(IMPORT)].some((m) => isUiBundled(m[1])))
const ui = await build({
  ...IN_PLACE,
  entryPoints: uiEntries,
  chunkNames: 'chunks/ui-[name]-[hash]',
  plugins: [uiPackagesOnly, patchPackages(UI_PATCHES)],
  define: { 'process.env.NODE_ENV': '"production"' },
})
for (const out of ui.outputFiles) {
  mkdirSync(dirname(out.path), { recursive: true })
  writeFileSync(out.path, /^var __require = /m.test(out.text) ? REQUIRE + out.text : out.text)
}
console.log(`${UI_BUNDLED.join(', ')} bundled for ${uiEntries.map((e) => relative(dist, e)).join(', ')}`)

// `check` is the command run on every commit: its own ~95 modules (engine, configuration,
// workspace, output) cost more to resolve, read and compile one by one than to run, so they are
// bundled into dist/commands/check.js (about 40 ms CPU less per run). The command is the only code
// of ours loaded in its process (bin/run.js loads only oclif), so there is one copy of each module.
// Packages and the shared chunks stay imports; modules the command imports dynamically become
// chunks of their own, loaded only when it needs them (a registry baseline). A module reading
// files relative to import.meta.url would break once moved: the build refuses to bundle one.
const OWN_BUNDLED_COMMANDS = ['check']
// check's worker thread (src/app/check/threads.ts) is bundled with it, so the two share chunks and
// a worker loads a few files, not ~95; the module that locates the worker's file (relative to
// itself) stays in place.
const OWN_BUNDLED_ENTRIES = [...OWN_BUNDLED_COMMANDS.map((name) => join(dist, 'commands', `${name}.js`)), join(dist, 'app', 'check', 'worker.js')]
const OWN_KEPT_IN_PLACE = [join(dist, 'app', 'check', 'worker-url.js')]
const DIST_MARK = '__schemactl_dist__/'
const ownModules = {
  name: 'own-modules-only',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined
      if (!args.path.startsWith('.')) return { path: args.path, external: true }
      // A shared chunk stays one file; its path, relative to dist/ here, is made relative to each output below.
      const target = join(args.resolveDir, args.path)
      if (target.startsWith(join(dist, 'chunks')) || OWN_KEPT_IN_PLACE.includes(target))
        return { path: `${DIST_MARK}${relative(dist, target)}`, external: true }
      return undefined
    })
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8')
      if (/\bimport\.meta\b/.test(text) && !args.path.includes('/chunks/'))
        throw new Error(`${relative(dist, args.path)} uses import.meta: it cannot be bundled`)
      return { contents: text, loader: 'js' }
    })
  },
}
const own = await build({
  ...IN_PLACE,
  entryPoints: OWN_BUNDLED_ENTRIES,
  chunkNames: 'chunks/own-[name]-[hash]',
  plugins: [ownModules],
})
for (const out of own.outputFiles) {
  const toDist = relative(dirname(out.path), dist) || '.'
  mkdirSync(dirname(out.path), { recursive: true })
  writeFileSync(out.path, out.text.replaceAll(DIST_MARK, `${toDist}/`))
}
console.log(`our own modules bundled into ${OWN_BUNDLED_ENTRIES.map((entry) => relative(dist, entry)).join(', ')}`)

execFileSync(bin('oclif'), ['manifest'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, OCLIF_SKIP_UPDATE_CHECK: '1', OCLIF_SKIP_NEW_VERSION_CHECK: 'true' },
})

// The generated reference pages follow the manifest and the rule catalogue (test/docs/generated.test.ts checks them).
execFileSync(process.execPath, [join(root, 'scripts/docs/generate.mjs')], { cwd: root, stdio: 'inherit' })
