import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkGate } from '../../../src/app/check/gate.js'
import { LINT_BASELINE_FILE, lintWorkspace } from '../../../src/app/lint/workspace.js'
import { temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()
const user = { type: 'record', name: 'User', namespace: 'com.acme', fields: [{ name: 'user_id', type: 'string' }] }

describe('lintWorkspace', () => {
  it('applies the configured rules; ignore exempts a subject; fieldCase switches the style', async () => {
    const dir = folder({
      'a-value.avsc': user,
      'b-value.avsc': user,
      'schemactl.config.json': { lint: { use: ['STANDARD'], ignore: { FIELD_NAME_CASE: ['b-*'] } } },
    })
    const { report } = await lintWorkspace({ dir })
    expect(report.subjects.map((s) => [s.subject, s.findings.map((f) => f.rule)])).toEqual([
      ['a-value', ['FIELD_NAME_CASE']],
      ['b-value', []],
    ])
    expect(report.exitCode).toBe(1)
    writeFileSync(join(dir, 'schemactl.config.json'), JSON.stringify({ lint: { fieldCase: 'snake' } }))
    expect((await lintWorkspace({ dir })).report.exitCode).toBe(0)
  })

  it('--write-baseline records today’s findings: they are reported but pass; a new one fails', async () => {
    const dir = folder({ 'a-value.avsc': user })
    const written = await lintWorkspace({ dir, writeBaseline: true })
    expect(existsSync(join(dir, LINT_BASELINE_FILE))).toBe(true)
    expect(JSON.parse(readFileSync(join(dir, LINT_BASELINE_FILE), 'utf8')).findings).toEqual([
      { subject: 'a-value', rule: 'FIELD_NAME_CASE', target: 'com.acme.User.user_id/name' },
    ])
    expect(written.report).toMatchObject({ exitCode: 0, summary: { errors: 0, baselined: 1 } })
    writeFileSync(join(dir, 'b-value.avsc'), JSON.stringify(user))
    const later = await lintWorkspace({ dir })
    expect(later.report).toMatchObject({ exitCode: 1, summary: { errors: 1, baselined: 1 } })
  })

  it('baseline entries name the type and field, so inserting a field before them neither hides the new finding nor resurfaces old ones', async () => {
    const fields = (names: string[]) => ({ ...user, fields: names.map((name) => ({ name, type: 'string' })) })
    const dir = folder({ 'a-value.avsc': fields(['user_id', 'created_at']) })
    await lintWorkspace({ dir, writeBaseline: true })
    writeFileSync(join(dir, 'a-value.avsc'), JSON.stringify(fields(['tenant_id', 'user_id', 'created_at'])))
    const { report } = await lintWorkspace({ dir })
    const findings = report.subjects[0].findings
    expect(findings.map((f) => [f.target, f.baselined === true])).toEqual([
      ['com.acme.User.tenant_id/name', false],
      ['com.acme.User.user_id/name', true],
      ['com.acme.User.created_at/name', true],
    ])
    expect(report).toMatchObject({ exitCode: 1, summary: { errors: 1, baselined: 2 } })
  })

  it('still reads a version 1 baseline file (entries by position)', async () => {
    const dir = folder({
      'a-value.avsc': user,
      [LINT_BASELINE_FILE]: { version: 1, findings: [{ subject: 'a-value', rule: 'FIELD_NAME_CASE', location: '/fields/0/name' }] },
    })
    expect((await lintWorkspace({ dir })).report).toMatchObject({ exitCode: 0, summary: { errors: 0, baselined: 1 } })
  })

  it('warnings fail only with failOn warning; check --lint adds lint findings to the check', async () => {
    const documented = { ...user, doc: 'A user.', fields: [{ name: 'userId', type: 'string' }] }
    const dir = folder({ 'a-value.avsc': documented, 'schemactl.config.json': { lint: { use: ['STRICT'] } } })
    expect((await lintWorkspace({ dir })).report).toMatchObject({ exitCode: 0, summary: { warnings: 1 } })
    expect((await lintWorkspace({ dir, failOn: 'warning' })).report.exitCode).toBe(1)
    const gate = await checkGate({ dir, lint: true, failOn: 'warning', today: '2026-01-01' })
    expect(gate.report.subjects[0].findings.map((f) => f.rule)).toEqual(['DOC_REQUIRED'])
    expect(gate.report.exitCode).toBe(1)
    expect((await checkGate({ dir, lint: true, today: '2026-01-01' })).report.exitCode).toBe(0)
    expect(gate.warnings).toEqual([])
    // Without --lint, --fail-on warning has only check's own warnings to act on: say so.
    const bare = await checkGate({ dir, failOn: 'warning', today: '2026-01-01' })
    expect(bare.report.exitCode).toBe(0)
    expect(bare.warnings).toEqual([expect.stringContaining('--fail-on warning without --lint')])
  })

  it('lints a subject whose .json files the config types (no $schema), alone and in check --lint', async () => {
    const untyped = { type: 'object', additionalProperties: false, properties: { id: {} } }
    const dir = folder({ 'orders-value/1.json': untyped, 'schemactl.config.json': { subjects: { 'orders-value': { schemaType: 'JSON' } } } })
    const { report } = await lintWorkspace({ dir })
    expect(report.subjects.map((s) => [s.subject, s.findings.map((f) => f.rule)])).toEqual([['orders-value', ['JSON_TYPE_REQUIRED']]])
    const gate = await checkGate({ dir, lint: true, today: '2026-01-01' })
    expect(gate.report.subjects.map((s) => [s.subject, s.findings.map((f) => f.rule)])).toEqual([['orders-value', ['JSON_TYPE_REQUIRED']]])
    expect(gate.report.exitCode).toBe(1)
  })
})
