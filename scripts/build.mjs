// `npm run build`: tsc, then @oclif/core bundled into one shared file, then the oclif manifest.
//
// Loading @oclif/core from node_modules means resolving and compiling its ~180-file CommonJS tree
// (help, semver, minimatch, ejs, …) on every start; as one bundled file it loads much faster.
// tsc writes dist/ as before. esbuild then rewrites, in place, each file of dist/ that imports
// @oclif/core so that it imports dist/chunks/core-*.js instead (the one copy shared by bin/run.js
// and every command). Nothing else changes: every file keeps its own path and code (relative
// imports stay imports, so import.meta.url-relative paths keep working and oclif still loads only
// the command that runs), and every other package (avsc, undici, fastify, ink, chalk, cosmiconfig,
// …) is still loaded from node_modules when the code that imports it runs. Commands added later
// need nothing here: any file that imports @oclif/core is picked up.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const bin = (name) => join(root, 'node_modules', '.bin', name)

/** The compiled files of `dir` that import @oclif/core (statically or dynamically). */
function oclifImporters(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => /(?:from|import)\s*\(?\s*['"]@oclif\/core['"/]/.test(readFileSync(file, 'utf8')))
}

/** Bundles @oclif/core (and what it requires); leaves our relative imports and every other package as they are. */
const onlyOclifBundled = {
  name: 'only-oclif-bundled',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined
      // oclif requires typescript only to run sources in development; never bundle it.
      if (args.path === 'typescript') return { path: args.path, external: true }
      if (args.importer.includes('/node_modules/')) return undefined
      if (args.path === '@oclif/core' || args.path.startsWith('@oclif/core/')) return undefined
      return { path: args.path, external: true }
    })
  },
}

rmSync(dist, { recursive: true, force: true })
execFileSync(bin('tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' })

const entryPoints = oclifImporters(dist)
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
  chunkNames: 'chunks/core-[hash]',
  plugins: [onlyOclifBundled],
  keepNames: true,
  write: false,
  logLevel: 'warning',
})
// @oclif/core is CommonJS: in an ES module its require() of node builtins needs a real require.
// Only the shared chunk holds CommonJS; our files keep their own code untouched.
const REQUIRE = "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);\n"
for (const out of outputFiles) {
  mkdirSync(dirname(out.path), { recursive: true })
  writeFileSync(out.path, out.path.startsWith(join(dist, 'chunks')) ? REQUIRE + out.text : out.text)
}
console.log(`@oclif/core bundled for ${entryPoints.map((e) => relative(dist, e)).join(', ')}`)

execFileSync(bin('oclif'), ['manifest'], { cwd: root, stdio: 'inherit', env: { ...process.env, OCLIF_SKIP_UPDATE_CHECK: '1' } })
