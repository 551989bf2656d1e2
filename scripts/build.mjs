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
// compiled file that imports a bundled package is picked up.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** Packages bundled (with what they require): big CommonJS trees that are slow to load file by file. */
const BUNDLED = ['@oclif/core', 'undici', 'jsonc-parser']
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

rmSync(dist, { recursive: true, force: true })
execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })

const entryPoints = bundledImporters(dist)
const { outputFiles } = await build({
  entryPoints,
  outbase: dist,
  outdir: dist,
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [onlyBundledPackages],
  keepNames: true,
  // jsonc-parser's "main" is a UMD build whose require() esbuild cannot follow; "module" is plain ESM.
  mainFields: ['module', 'main'],
  write: false,
  logLevel: 'warning',
})
// The bundled packages are CommonJS: in an ES module, their require() of node builtins (esbuild's
// __require) needs a real require, given only to the file that defines __require (a shared chunk).
const REQUIRE = "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);\n"
for (const out of outputFiles) {
  mkdirSync(dirname(out.path), { recursive: true })
  writeFileSync(out.path, /^var __require = /m.test(out.text) ? REQUIRE + out.text : out.text)
}
console.log(`${BUNDLED.join(', ')} bundled for ${entryPoints.map((e) => relative(dist, e)).join(', ')}`)

execFileSync(bin('oclif'), ['manifest'], { cwd: root, stdio: 'inherit', env: { ...process.env, OCLIF_SKIP_UPDATE_CHECK: '1' } })
