import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Config } from '@oclif/core'
import { describe, expect, it } from 'vitest'
import { listRules } from '../../src/app/lint/list-rules.js'
import { renderCommandsDoc, renderRulesDoc } from '../../scripts/docs/render.mjs'

const root = fileURLToPath(new URL('../../', import.meta.url))
const committed = (path: string) => readFileSync(join(root, path), 'utf8')

describe('generated reference pages (run `npm run docs` and commit them when this fails)', () => {
  it('docs/commands.md is the help of every command in oclif.manifest.json (itself checked against the sources)', async () => {
    const config = await Config.load({ root, devPlugins: false, userPlugins: false })
    const fresh = await renderCommandsDoc(config)
    for (const id of ['check', 'serve', 'migrate']) expect(fresh).toContain(`## \`schemactl ${id}`)
    expect(committed('docs/commands.md')).toBe(fresh)
  })

  it('docs/rules.md is the rule catalogue of the sources', () => {
    const rules = listRules()
    const fresh = renderRulesDoc(rules)
    for (const rule of rules) expect(fresh).toContain(`### ${rule.id}\n`)
    expect(committed('docs/rules.md')).toBe(fresh)
  })
})
