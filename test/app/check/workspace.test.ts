import { mkdirSync, readFileSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { UsageError } from '../../../src/errors.js'
import { record, temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()

const v1 = record('User', [{ name: 'id', type: 'string' }])
const withDefault = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int', default: 0 },
])
const withoutDefault = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int' },
])

describe('checkWorkspace', () => {
  it('passes schemas-example at its configured levels', async () => {
    const { report, warnings } = await checkWorkspace({ dir: 'schemas-example' })
    expect(warnings).toEqual([])
    expect(report.exitCode).toBe(0)
    expect(report.config).toMatch(/schemas-example\/schemactl\.config\.json$/)
    expect(report.subjects.map((s) => [s.subject, s.level, s.verdict])).toEqual([
      ['com.acme.common.Address', 'BACKWARD', 'compatible'],
      ['customer-value', 'BACKWARD', 'compatible'],
      ['employee-value', 'FULL_TRANSITIVE', 'compatible'],
      ['money.proto', 'BACKWARD', 'compatible'],
      ['orders-value', 'BACKWARD', 'compatible'],
      ['page-views-value', 'BACKWARD', 'compatible'],
      ['payments-value', 'BACKWARD', 'compatible'],
      ['user-events-value', 'BACKWARD', 'compatible'],
    ])
    expect(report.summary).toEqual({ subjects: 8, compatible: 8, incompatible: 0, invalid: 0, new: 0 })
  })

  it('shows that the example histories are real evolutions: a stricter level refuses some', async () => {
    const { report } = await checkWorkspace({ dir: 'schemas-example', level: 'FULL_TRANSITIVE' })
    const verdicts = Object.fromEntries(report.subjects.map((s) => [s.subject, s.refused.map((r) => r.version)]))
    // int → long and a widened union are backward-only evolutions (v3 still has the long, so v1 cannot read it either).
    expect(verdicts['orders-value']).toEqual([2, 3])
    expect(verdicts['user-events-value']).toEqual([3])
    // Each JSON Schema and Protobuf evolution is backward only: a closed model gains a property, a limit grows, a pattern goes; a field leaves a oneof.
    expect(verdicts['customer-value']).toEqual([2, 3, 4])
    expect(verdicts['payments-value']).toEqual([4])
    expect(report.exitCode).toBe(1)
  })

  it('an optional property added to an open model (test/fixtures/page-views-lenient) passes only under a LENIENT policy', async () => {
    const versions = {
      'page-views-value/1.json': readFileSync('test/fixtures/page-views-lenient/1.json', 'utf8'),
      'page-views-value/2.json': readFileSync('test/fixtures/page-views-lenient/2.json', 'utf8'),
    }
    const lenient = await checkWorkspace({
      dir: folder({ ...versions, 'schemactl.config.json': JSON.stringify({ subjects: { 'page-views-value': { compatibilityPolicy: 'LENIENT' } } }) }),
    })
    expect(lenient.report.subjects[0].verdict).toBe('compatible')
    const dir = folder(versions)
    const strict = await checkWorkspace({ dir })
    expect(strict.report.subjects[0].findings.map((f) => f.code)).toEqual(['OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL'])
  })

  it('refuses a version at the level of the subject, with the registry message and file:line:col', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': withoutDefault, 'ok-value/1.avsc': v1, 'ok-value/2.avsc': withDefault })
    const { report } = await checkWorkspace({ dir })
    const users = report.subjects.find((s) => s.subject === 'users-value')
    expect(users?.verdict).toBe('incompatible')
    expect(users?.refused).toMatchObject([{ version: 2, againstVersion: 1 }])
    expect(users?.refused[0].messages[0]).toBe(
      "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'age' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'age'}",
    )
    expect(users?.findings).toEqual([
      {
        kind: 'incompatible',
        code: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        rule: 'FIELD_ADDED_WITHOUT_DEFAULT',
        message: users?.refused[0].messages[0],
        file: `${dir}/users-value/2.avsc`,
        line: 10,
        column: 5,
        location: '/fields/1',
        version: 2,
        againstVersion: 1,
        direction: 'backward',
      },
    ])
    expect(report.subjects.find((s) => s.subject === 'ok-value')?.verdict).toBe('compatible')
    expect(report.exitCode).toBe(1)
  })

  it('maps forward findings (Avro reports them in the old schema, the reader) onto the candidate: nearest ancestor of a removed field', async () => {
    const dir = folder({ 's/1.avsc': withoutDefault, 's/2.avsc': v1 })
    const { report } = await checkWorkspace({ dir, level: 'FORWARD' })
    expect(report.subjects[0].findings[0]).toMatchObject({
      code: 'READER_FIELD_MISSING_DEFAULT_VALUE',
      rule: 'FIELD_REMOVED_WITHOUT_DEFAULT',
      file: `${dir}/s/2.avsc`,
      location: '',
      readerLocation: '/fields/1',
      direction: 'forward',
      line: 1,
      column: 1,
    })
  })

  it('maps a forward finding inside a field onto the same field of the candidate, found by name', async () => {
    const status = (symbols: string[]) => ({ type: 'enum', name: 'Status', symbols })
    const old = record('User', [
      { name: 'id', type: 'string' },
      { name: 'status', type: status(['A']) },
    ])
    const candidate = record('User', [
      { name: 'status', type: status(['A', 'B']) },
      { name: 'id', type: 'string' },
    ])
    const dir = folder({ 's/1.avsc': old, 's/2.avsc': candidate })
    const { report } = await checkWorkspace({ dir, level: 'FORWARD' })
    expect(report.subjects[0].findings[0]).toMatchObject({
      rule: 'ENUM_SYMBOL_ADDED',
      file: `${dir}/s/2.avsc`,
      location: '/fields/0/type/symbols',
      readerLocation: '/fields/1/type/symbols',
    })
  })

  it('uses the config level per subject and lets --level override it', async () => {
    const dir = folder({
      'schemactl.config.json': { compatibility: 'NONE', subjects: { 'strict-*': { compatibility: 'BACKWARD' } } },
      'strict-a/1.avsc': v1,
      'strict-a/2.avsc': withoutDefault,
      'loose/1.avsc': v1,
      'loose/2.avsc': withoutDefault,
    })
    const configured = (await checkWorkspace({ dir })).report
    expect(configured.subjects.map((s) => [s.subject, s.level, s.verdict])).toEqual([
      ['loose', 'NONE', 'compatible'],
      ['strict-a', 'BACKWARD', 'incompatible'],
    ])
    const overridden = (await checkWorkspace({ dir, level: 'NONE' })).report
    expect(overridden.exitCode).toBe(0)
  })

  it('filters subjects by name or glob, and refuses a filter that matches nothing', async () => {
    const dir = folder({ 'a-value.avsc': v1, 'b-value.avsc': v1, 'a-key.avsc': v1 })
    expect((await checkWorkspace({ dir, subjects: ['a-*'] })).report.subjects.map((s) => s.subject)).toEqual(['a-key', 'a-value'])
    expect((await checkWorkspace({ dir, subjects: ['b-value', 'a-key'] })).report.subjects.map((s) => s.subject)).toEqual(['a-key', 'b-value'])
    await expect(checkWorkspace({ dir, subjects: ['nope'] })).rejects.toThrow(UsageError)
  })

  it('with --subject, leaves out problems of entries that belong to other subjects', async () => {
    const dir = folder({ 'good.avsc': v1 })
    symlinkSync('loop1.avsc', join(dir, 'loop1.avsc'))
    const all = await checkWorkspace({ dir })
    expect(all.report.problems.map((p) => p.code)).toEqual(['SYMLINK_LOOP'])
    expect(all.report.exitCode).toBe(5)
    const selected = await checkWorkspace({ dir, subjects: ['good'] })
    expect(selected.report.problems).toEqual([])
    expect(selected.report.exitCode).toBe(0)
    expect((await checkWorkspace({ dir, subjects: ['good', 'loop*'] })).report.problems.map((p) => p.file)).toEqual([join(dir, 'loop1.avsc')])
  })

  it('warns about an empty subject folder (not about a folder of other files) and checks the rest', async () => {
    const dir = folder({ 'good.avsc': v1, 'docs/README.md': '# notes' })
    mkdirSync(join(dir, 'users-value'))
    const { report, warnings } = await checkWorkspace({ dir })
    expect(warnings).toEqual([`${join(dir, 'users-value')}: empty folder, skipped (a subject folder holds its versions as 1.avsc, 2.avsc, …)`])
    expect(report.subjects.map((s) => s.subject)).toEqual(['good'])
    expect(report.exitCode).toBe(0)
    expect((await checkWorkspace({ dir, subjects: ['good'] })).warnings).toEqual([])
  })

  it('exits 5 when any schema is invalid, even with incompatible versions elsewhere, and still reports both', async () => {
    const dir = folder({ 'users-value/1.avsc': v1, 'users-value/2.avsc': withoutDefault, 'broken.avsc': '{"type":' })
    const { report } = await checkWorkspace({ dir })
    expect(report.subjects.map((s) => s.verdict)).toEqual(['invalid', 'incompatible'])
    expect(report.exitCode).toBe(5)
  })

  describe('--against', () => {
    it('checks the newest version against the baseline history; a subject missing there is new', async () => {
      const baseline = folder({ 'users-value/1.avsc': v1, 'orders-value.avsc': v1 })
      const dir = folder({
        'users-value.avsc': withoutDefault,
        'orders-value/1.avsc': withoutDefault,
        'orders-value/2.avsc': withDefault,
        'new-value.avsc': v1,
      })
      const { report } = await checkWorkspace({ dir, against: baseline })
      expect(report.against).toBe(baseline)
      expect(report.subjects.map((s) => [s.subject, s.verdict, s.versions])).toEqual([
        ['new-value', 'new', [1]],
        ['orders-value', 'compatible', [2]],
        ['users-value', 'incompatible', [1]],
      ])
      expect(report.subjects[2].refused).toMatchObject([{ version: 1, againstVersion: 1 }])
      expect(report.summary).toEqual({ subjects: 3, compatible: 1, incompatible: 1, invalid: 0, new: 1 })
      expect(report.exitCode).toBe(1)
    })

    it('refuses a value that is neither a folder nor a registry, naming --against (not --registry)', async () => {
      const dir = folder({ 'a.avsc': v1 })
      for (const against of ['./missing', 'missing']) {
        const failure = checkWorkspace({ dir, against })
        await expect(failure).rejects.toThrow(UsageError)
        await expect(failure).rejects.toThrow(`--against '${against}': no such folder, and not a registry URL or profile`)
      }
    })

    it('accepts an empty baseline: every subject is new', async () => {
      const { report } = await checkWorkspace({ dir: folder({ 'a.avsc': v1, 'b/1.avsc': v1 }), against: folder({}) })
      expect(report.subjects.map((s) => s.verdict)).toEqual(['new', 'new'])
      expect(report.exitCode).toBe(0)
    })

    it('reads the baseline without checking defaults, as the registry reads schemas it holds', async () => {
      const baseline = folder({
        's.avsc': record('User', [
          { name: 'id', type: 'string' },
          { name: 'n', type: 'int', default: 'x' },
        ]),
      })
      const dir = folder({
        's.avsc': record('User', [
          { name: 'id', type: 'string' },
          { name: 'n', type: 'int', default: 1 },
        ]),
      })
      const { report } = await checkWorkspace({ dir, against: baseline })
      expect(report.subjects[0].verdict).toBe('compatible')
    })
  })
})
