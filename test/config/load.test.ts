import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/load.js'
import { ConfigError } from '../../src/errors.js'
import { temporaryWorkspaces } from '../workspace/make-workspace.js'

const folder = temporaryWorkspaces()

describe('loadConfig', () => {
  it.each([
    ['schemactl.config.json', '{"compatibility": "FULL"}'],
    ['schemactl.config.yaml', 'compatibility: FULL\n'],
    ['schemactl.config.yml', 'compatibility: FULL\n'],
    ['schemactl.config.mjs', 'export default { compatibility: "FULL" }\n'],
    ['schemactl.config.cjs', 'module.exports = { compatibility: "FULL" }\n'],
    ['.schemactlrc', '{"compatibility": "FULL"}'],
    ['.schemactlrc.yaml', 'compatibility: FULL\n'],
    ['package.json', '{"name": "x", "schemactl": {"compatibility": "FULL"}}'],
  ])('finds %s in the workspace folder', async (file, content) => {
    const dir = folder({ [file]: content })
    const loaded = await loadConfig(dir)
    expect(loaded.config.compatibility).toBe('FULL')
    expect(loaded.file?.endsWith(file)).toBe(true)
  })

  it('uses the defaults when there is no config file', async () => {
    const loaded = await loadConfig(folder({ 'a.avsc': '"int"' }))
    expect(loaded).toEqual({ config: { compatibility: 'BACKWARD', subjects: {}, registries: {}, approvals: [], lint: { use: ['STANDARD'], except: [], ignore: {}, fieldCase: 'camel', piiTags: ['PII'], piiExceptions: [] }, contracts: {} }, warnings: [] })
  })

  it('throws a ConfigError naming the file and key for an invalid level', async () => {
    const dir = folder({ 'schemactl.config.json': '{"compatibility": "BAKWARD"}' })
    const err = await loadConfig(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as Error).message).toBe(
      "schemactl.config.json: compatibility: 'BAKWARD' is not a level (NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE)",
    )
  })

  it('gives file:line:col for a JSON syntax error', async () => {
    const dir = folder({ 'schemactl.config.json': '{\n  "compatibility": "FULL",\n}' })
    const err = (await loadConfig(dir).catch((e: unknown) => e)) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/^schemactl\.config\.json:3:1: cannot be loaded: /)
  })

  it('names the file for a YAML syntax error', async () => {
    const err = (await loadConfig(folder({ 'schemactl.config.yaml': 'compatibility: [\n' })).catch((e: unknown) => e)) as ConfigError
    expect(err).toBeInstanceOf(ConfigError)
    expect(err.message).toMatch(/^schemactl\.config\.yaml: cannot be loaded: .+/)
  })

  it('returns unknown keys as warnings prefixed with the file', async () => {
    const loaded = await loadConfig(folder({ '.schemactlrc.json': '{"compatibility": "NONE", "colour": true}' }))
    expect(loaded.warnings).toEqual(['.schemactlrc.json: colour: unknown key (known: compatibility, subjects, registries, defaultRegistry, approvals, lint, contracts); ignored'])
  })
})
