import { beforeAll, describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { checkGate } from '../../../src/app/check/gate.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { record, temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()
const v1 = record('User', [{ name: 'id', type: 'string' }])
const withoutDefault = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int' },
])
const order = record('Order', [{ name: 'id', type: 'long' }])

const registry = useTestRegistry()

async function call(method: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${registry.url}${path}`, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  expect(response.ok).toBe(true)
}

beforeAll(async () => {
  await call('POST', '/subjects/users-value/versions', { schema: JSON.stringify(v1) })
  await call('POST', '/subjects/strict-value/versions', { schema: JSON.stringify(v1) })
  await call('PUT', '/config/users-value', { compatibility: 'FORWARD' })
})

describe('check --against a registry (schemactl serve)', () => {
  it('a registered version that uses a type of a referenced subject checks cleanly', async () => {
    const address = { type: 'record', name: 'Address', namespace: 'com.acme', fields: [{ name: 'city', type: 'string' }] }
    await call('POST', '/subjects/shared-address/versions', { schema: JSON.stringify(address) })
    const person = (type: unknown) => record('Person', [{ name: 'home', type }])
    await call('POST', '/subjects/people-value/versions', {
      schema: JSON.stringify(person('com.acme.Address')),
      references: [{ name: 'com.acme.Address', subject: 'shared-address', version: 1 }],
    })
    const dir = folder({ 'people-value.avsc': person(address) })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    expect(report.subjects.map((s) => [s.subject, s.verdict])).toEqual([['people-value', 'compatible']])
    expect(report.exitCode).toBe(0)
  })

  it('reads versions and effective levels from the registry; subjects it lacks are new', async () => {
    const dir = folder({ 'users-value.avsc': withoutDefault, 'strict-value.avsc': withoutDefault, 'orders-value.avsc': order })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    const bySubject = Object.fromEntries(report.subjects.map((s) => [s.subject, [s.level, s.verdict]]))
    // FORWARD (the subject's own level in the registry): old readers ignore the new field.
    expect(bySubject).toEqual({ 'orders-value': ['BACKWARD', 'new'], 'strict-value': ['BACKWARD', 'incompatible'], 'users-value': ['FORWARD', 'compatible'] })
    const finding = report.subjects.find((s) => s.subject === 'strict-value')?.findings[0]
    expect(finding).toMatchObject({ rule: 'FIELD_ADDED_WITHOUT_DEFAULT', file: `${dir}/strict-value.avsc`, line: 10, againstVersion: 1 })
    expect(report.exitCode).toBe(1)
  })

  it('checks the own history of a subject the registry lacks, as plain check does', async () => {
    const dir = folder({ 'refunds-value/1.avsc': v1, 'refunds-value/2.avsc': withoutDefault })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    expect(report.subjects[0]).toMatchObject({ subject: 'refunds-value', verdict: 'incompatible', refused: [{ version: 2, againstVersion: 1 }] })
    expect(report.exitCode).toBe(1)
  })

  it('keeps the registry’s version numbers: a deleted version leaves a gap that is not a problem', async () => {
    const withDefault = record('User', [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'int', default: 0 },
    ])
    await call('POST', '/subjects/gap-value/versions', { schema: JSON.stringify(v1) })
    await call('POST', '/subjects/gap-value/versions', { schema: JSON.stringify(withDefault) })
    await call('DELETE', '/subjects/gap-value/versions/1', undefined)
    const dir = folder({
      'gap-value.avsc': record('User', [
        { name: 'id', type: 'string' },
        { name: 'age', type: 'int', default: 0 },
        { name: 'nick', type: 'string' },
      ]),
    })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    expect(report.problems).toEqual([])
    expect(report.subjects[0]).toMatchObject({ verdict: 'incompatible', refused: [{ againstVersion: 2 }] })
    expect(report.subjects[0].findings.map((f) => f.kind)).toEqual(['incompatible'])
  })

  it('a folder numbered apart from the registry: versions the registry holds are not new, the others are checked in order, and numbers are not compared', async () => {
    const age = record('User', [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'int', default: 0 },
    ])
    const nick = record('User', [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'int', default: 0 },
      { name: 'nick', type: 'string', default: '' },
    ])
    const bad = record('User', [
      { name: 'id', type: 'string' },
      { name: 'age', type: 'int', default: 0 },
      { name: 'nick', type: 'string', default: '' },
      { name: 'x', type: 'int' },
    ])
    await call('PUT', '/config/renumbered-value', { compatibility: 'NONE' })
    for (const schema of [v1, withoutDefault, age]) await call('POST', '/subjects/renumbered-value/versions', { schema: JSON.stringify(schema) })
    await call('PUT', '/config/renumbered-value', { compatibility: 'BACKWARD' })
    // The registry holds versions 1–3; the folder keeps only the newest registered one as its 1.avsc.
    const dir = folder({ 'renumbered-value/1.avsc': age, 'renumbered-value/2.avsc': nick, 'renumbered-value/3.avsc': bad })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    const subject = report.subjects[0]
    expect(subject.versions).toEqual([2, 3])
    expect(subject.refused.map((r) => r.version)).toEqual([3])
    expect(subject.findings.map((f) => f.rule)).toEqual(['FIELD_ADDED_WITHOUT_DEFAULT'])
  })

  it('--against registry uses the connection flags; --changed-only skips subjects whose schema equals the registered one (formatting aside)', async () => {
    const dir = folder({ 'users-value.avsc': `// formatted differently\n${JSON.stringify(v1, null, 4)}`, 'strict-value.avsc': withoutDefault })
    const { report } = await checkWorkspace({
      dir,
      against: 'registry',
      changedOnly: true,
      registry: { flags: { registry: registry.url }, env: {}, cwd: process.cwd(), userAgent: 'test', warn: () => undefined },
    })
    expect(report.subjects.map((s) => s.subject)).toEqual(['strict-value'])
  })
})

describe('check --lint --against a registry', () => {
  it('lints each subject at its effective level in the registry, not the configured one', async () => {
    await call('POST', '/subjects/full-value/versions', { schema: JSON.stringify(v1) })
    await call('PUT', '/config/full-value', { compatibility: 'FULL' })
    const dir = folder({ 'full-value.avsc': v1, 'schemactl.config.json': { compatibility: 'BACKWARD', lint: { use: ['FIELD_DEFAULT_REQUIRED'] } } })
    const { report } = await checkGate({ dir, against: registry.url, lint: true, today: '2026-01-01' })
    expect(report.subjects[0].level).toBe('FULL')
    expect(report.subjects[0].findings).toEqual([
      expect.objectContaining({ kind: 'lint', rule: 'FIELD_DEFAULT_REQUIRED', message: expect.stringContaining('the subject is FULL') }),
    ])
    expect(report.exitCode).toBe(1)
    // Without the registry the configured level applies, where the rule does not.
    expect((await checkGate({ dir, lint: true, today: '2026-01-01' })).report.subjects[0].findings).toEqual([])
  })
})
