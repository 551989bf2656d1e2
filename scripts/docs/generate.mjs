/**
 * Writes the generated reference pages from the build: docs/commands.md from the commands
 * (oclif.manifest.json, which `npm run build` writes) and docs/rules.md from the rule catalogue
 * (dist/app/lint/list-rules.js). `--check` writes nothing and exits 1 naming the stale pages.
 * Run by `npm run docs` and at the end of `npm run build`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Config } from '@oclif/core'
import { renderCommandsDoc, renderRulesDoc } from './render.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const { listRules } = await import(join(root, 'dist/app/lint/list-rules.js'))
const config = await Config.load({ root, devPlugins: false, userPlugins: false })
const pages = {
  'docs/commands.md': await renderCommandsDoc(config),
  'docs/rules.md': renderRulesDoc(listRules()),
}
const check = process.argv.includes('--check')
const stale = []
for (const [path, text] of Object.entries(pages)) {
  let current = ''
  try {
    current = readFileSync(join(root, path), 'utf8')
  } catch {
    // A page not written yet is stale: `current` stays ''.
  }
  if (current === text) continue
  stale.push(path)
  if (!check) writeFileSync(join(root, path), text)
}
if (check && stale.length > 0) {
  console.error(`stale: ${stale.join(', ')} (run npm run docs and commit them)`)
  process.exit(1)
}
console.log(
  check ? 'docs/commands.md and docs/rules.md are current' : stale.length > 0 ? `wrote ${stale.join(', ')}` : 'docs/commands.md and docs/rules.md unchanged',
)
