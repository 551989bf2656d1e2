import { spawnSync } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { checkGate } from '../../src/app/check/gate.js'
import { ruleCatalogue } from '../../src/app/lint/list-rules.js'
import { renderCheckReport } from '../../src/output/check-format.js'
import { PLAIN_STYLE } from '../../src/output/style.js'
import { makeGitRepo } from '../helpers/git-repo.js'
import { validateSarif } from '../helpers/sarif-validate.js'
import { record, temporaryWorkspaces } from '../workspace/make-workspace.js'

// GitHub annotations and code scanning place a finding by its path from the repository root,
// whatever folder `check` ran in. Through the real binary (needs a build: npm run build).
const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const folder = temporaryWorkspaces()

function run(cwd: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' }
  delete env.FORCE_COLOR
  const child = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env })
  return { status: child.status, stdout: child.stdout, stderr: child.stderr }
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; shortDescription: { text: string } }> } }
    originalUriBaseIds: Record<string, { uri: string }>
    results: Array<{
      ruleId: string
      ruleIndex?: number
      locations?: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } } }>
    }>
  }>
}

const users = (fields: Array<{ name: string; type: unknown }>) => record('User', fields)
const breaking = {
  'users-value/1.avsc': users([{ name: 'id', type: 'string' }]),
  'users-value/2.avsc': users([
    { name: 'id', type: 'string' },
    { name: 'age', type: 'int' },
  ]),
}

describe('paths of github and sarif output', () => {
  const repo = makeGitRepo()
  afterAll(() => repo.remove())
  repo.commit('services/orders/schemas', breaking, 'schemas')
  const service = join(repo.root, 'services', 'orders')

  it('check from a subfolder of a git repository: annotations name the file from the repository root', () => {
    const out = run(service, 'check', 'schemas', '--format', 'github')
    expect(out.status).toBe(1)
    expect(out.stdout.split('\n')[0]).toMatch(
      /^::error file=services\/orders\/schemas\/users-value\/2\.avsc,line=\d+,col=\d+,title=FIELD_ADDED_WITHOUT_DEFAULT::/,
    )
    // Deeper still, and with the workspace given as an absolute path: the same path.
    const deeper = run(join(service, 'schemas', 'users-value'), 'check', join(service, 'schemas'), '--format', 'github')
    expect(deeper.stdout.split('\n')[0]).toContain('::error file=services/orders/schemas/users-value/2.avsc,')
  })

  it('sarif from a subfolder: URIs relative to %SRCROOT%, the repository root named in originalUriBaseIds', () => {
    const out = run(service, 'check', 'schemas', '--format', 'sarif')
    expect(out.status).toBe(1)
    const log = JSON.parse(out.stdout) as SarifLog
    expect(validateSarif(log)).toEqual([])
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(realpathSync(repo.root)).href + '/' } })
    const locations = log.runs[0].results.flatMap((r) => r.locations ?? [])
    expect(locations.map((l) => l.physicalLocation.artifactLocation)).toEqual([{ uri: 'services/orders/schemas/users-value/2.avsc', uriBaseId: '%SRCROOT%' }])
    // --json keeps the paths as given: only the CI formats are rebased.
    const json = JSON.parse(run(service, 'check', 'schemas', '--json').stdout) as { result: { subjects: Array<{ findings: Array<{ file: string }> }> } }
    expect(json.result.subjects[0].findings[0].file).toBe('schemas/users-value/2.avsc')
  })

  it('outside a git repository the current directory is the root', () => {
    const dir = folder({ 'schemas/users-value/1.avsc': breaking['users-value/1.avsc'], 'schemas/users-value/2.avsc': breaking['users-value/2.avsc'] })
    const out = run(join(dir, 'schemas'), 'check', '.', '--format', 'sarif', '--no-color')
    // The temporary folder may lie inside a repository only if the machine's tmp does: skip then.
    if (spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir }).status === 0) return
    const log = JSON.parse(out.stdout) as SarifLog
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(pathToFileURL(realpathSync(join(dir, 'schemas'))).href + '/')
    expect(log.runs[0].results[0].locations?.[0].physicalLocation.artifactLocation.uri).toBe('users-value/2.avsc')
    expect(run(join(dir, 'schemas'), 'check', '.', '--format', 'github').stdout).toMatch(/^::error file=users-value\/2\.avsc,/)
  })
})

describe('sarif for JSON Schema and Protobuf', () => {
  const closed = (properties: object) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties, additionalProperties: false })
  const dir = folder({
    'person-value/1.json': closed({ id: { type: 'string' }, nickname: { type: 'string' } }),
    'person-value/2.json': closed({ id: { type: 'string', maxLength: 8 } }),
    'order-value/1.proto': 'syntax = "proto3";\npackage acme;\n\nmessage Order {\n  string id = 1;\n  string total = 2;\n}\n',
    'order-value/2.proto':
      'syntax = "proto3";\npackage acme;\n\nmessage Money {\n  int64 units = 1;\n}\n\nmessage Order {\n  int64 id = 1;\n  Money total = 2;\n}\n',
  })

  it('every result of an incompatible pair has a ruleIndex into tool.driver.rules, whose descriptor is that difference type', async () => {
    const { report } = await checkGate({ dir, today: '2026-12-07' })
    expect(report.exitCode).toBe(1)
    const log = JSON.parse(
      renderCheckReport(report, 'sarif', PLAIN_STYLE, { version: '1.0.0', catalogue: ruleCatalogue(), rootUri: 'file:///repo/' }),
    ) as SarifLog
    expect(validateSarif(log)).toEqual([])
    const { rules } = log.runs[0].tool.driver
    const results = log.runs[0].results
    expect(results.map((r) => r.ruleId).sort()).toEqual([
      'FIELD_KIND_CHANGED',
      'FIELD_SCALAR_KIND_CHANGED',
      'MAX_LENGTH_ADDED',
      'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
    ])
    for (const r of results) {
      expect(r.ruleIndex).toBeTypeOf('number')
      expect(rules[r.ruleIndex as number].id).toBe(r.ruleId)
      expect(rules[r.ruleIndex as number].shortDescription.text.length).toBeGreaterThan(20)
      expect(r.locations?.[0].physicalLocation.region?.startLine).toBeGreaterThan(0)
    }
  })

  it('an approval may name a JSON Schema or Protobuf difference type (a catalogue rule now)', async () => {
    const approvals = [
      { subject: 'person-value', rule: 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', reason: 'nickname was never written', expires: '2026-12-31' },
      { subject: 'person-value', rule: 'MAX_LENGTH_ADDED', reason: 'ids are 8 characters', expires: '2026-12-31' },
    ]
    const approved = folder({
      'schemactl.config.json': { approvals },
      'person-value/1.json': closed({ id: { type: 'string' }, nickname: { type: 'string' } }),
      'person-value/2.json': closed({ id: { type: 'string', maxLength: 8 } }),
    })
    const { report } = await checkGate({ dir: approved, today: '2026-12-07' })
    expect(report.subjects[0].verdict).toBe('approved')
    expect(report.exitCode).toBe(0)
  })
})
