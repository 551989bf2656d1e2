import { execFileSync } from 'node:child_process'
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../src/app/check/workspace.js'
import { lintWorkspace } from '../../src/app/lint/workspace.js'
import { readSchemaFile } from '../../src/workspace/read-file.js'
import { makeGitRepo, type GitRepo } from '../helpers/git-repo.js'
import { record, temporaryWorkspaces } from './make-workspace.js'

const folder = temporaryWorkspaces()

const user = record('User', [{ name: 'id', type: 'string' }])
const order = record('Order', [{ name: 'id', type: 'long' }])
/** A secret outside the workspace: a valid schema, so following the link would make it pass. */
const SECRET = JSON.stringify(record('Secret', [{ name: 'hunter2', type: 'string' }]))

/** A parent folder holding `secret.avsc` and a workspace `ws/` made of `tree` and the links `links` (name → target). */
function workspaceBeside(tree: Record<string, string | object>, links: Record<string, string>): { dir: string; parent: string } {
  const parent = folder({ 'secret.avsc': SECRET, 'shared/1.avsc': order, ...Object.fromEntries(Object.entries(tree).map(([k, v]) => [`ws/${k}`, v])) })
  const dir = join(parent, 'ws')
  mkdirSync(dir, { recursive: true })
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(join(dir, name, '..'), { recursive: true })
    symlinkSync(target, join(dir, name))
  }
  return { dir, parent }
}

describe('symbolic links that leave the workspace are refused (LINK_OUTSIDE_WORKSPACE), the rest keep working', () => {
  it('a schema file, a version file and a subject folder linking out are problems; nothing of the target is read or quoted', async () => {
    const { dir, parent } = workspaceBeside(
      { 'users-value.avsc': user, 'orders-value/1.avsc': order },
      { 'leak-value.avsc': '../secret.avsc', 'orders-value/2.avsc': '../../secret.avsc', 'shared-value': '../shared' },
    )
    symlinkSync(join(parent, 'secret.avsc'), join(dir, 'abs-value.avsc'))
    const { report } = await checkWorkspace({ dir })
    expect(report.exitCode).toBe(5)
    const outside = `is a symbolic link that leads outside the workspace (to ${realpathSync(join(parent, 'secret.avsc'))}): not read (pass --follow-external-links to read it)`
    expect(report.problems).toEqual([
      { kind: 'invalid', code: 'LINK_OUTSIDE_WORKSPACE', file: join(dir, 'abs-value.avsc'), message: outside },
      { kind: 'invalid', code: 'LINK_OUTSIDE_WORKSPACE', file: join(dir, 'leak-value.avsc'), message: outside },
      { kind: 'invalid', code: 'LINK_OUTSIDE_WORKSPACE', file: join(dir, 'shared-value'), message: expect.stringContaining('leads outside the workspace') },
    ])
    const orders = report.subjects.find((s) => s.subject === 'orders-value')
    expect(orders).toMatchObject({ verdict: 'invalid', findings: [{ code: 'LINK_OUTSIDE_WORKSPACE', file: join(dir, 'orders-value/2.avsc') }] })
    expect(report.subjects.find((s) => s.subject === 'users-value')?.verdict).toBe('compatible')
    expect(JSON.stringify(report)).not.toContain('hunter2')
    // lint gives the same verdict for the same files.
    const lint = await lintWorkspace({ dir })
    expect(lint.report.exitCode).toBe(5)
    expect(lint.report.problems.map((p) => p.code)).toEqual(['LINK_OUTSIDE_WORKSPACE', 'LINK_OUTSIDE_WORKSPACE', 'LINK_OUTSIDE_WORKSPACE'])
    expect(lint.report.subjects.find((s) => s.subject === 'orders-value')?.findings.map((f) => f.code)).toContain('LINK_OUTSIDE_WORKSPACE')
    expect(JSON.stringify(lint.report)).not.toContain('hunter2')
  })

  it('followExternalLinks reads them', async () => {
    const { dir } = workspaceBeside({}, { 'leak-value.avsc': '../secret.avsc', 'shared-value': '../shared' })
    const { report } = await checkWorkspace({ dir, followExternalLinks: true })
    expect(report.exitCode).toBe(0)
    expect(report.subjects.map((s) => s.subject)).toEqual(['leak-value', 'shared-value'])
    expect(readSchemaFile(dir, 'leak-value.avsc', { followExternalLinks: true })).toEqual({ ok: true, text: SECRET })
  })

  it('an outside folder without schema files is skipped, as any folder without schemas', async () => {
    const { dir } = workspaceBeside({ 'users-value.avsc': user }, { docs: '../..' })
    mkdirSync(join(dir, '..', 'empty'))
    symlinkSync('../empty', join(dir, 'notes'))
    const { report } = await checkWorkspace({ dir })
    expect(report).toMatchObject({ exitCode: 0, problems: [] })
  })

  it('links inside the workspace (files, folders, chains, the root itself a link) are followed', async () => {
    const { dir, parent } = workspaceBeside(
      { 'lib/users.json': user, 'history/1.avsc': order },
      { 'users-value.avsc': 'lib/users.json', 'alias-value.avsc': 'users-value.avsc', 'orders-value': 'history' },
    )
    symlinkSync('ws', join(parent, 'ws-link'))
    for (const root of [dir, join(parent, 'ws-link')]) {
      const { report } = await checkWorkspace({ dir: root })
      expect(report.problems).toEqual([])
      expect(report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
        ['alias-value', 'compatible'],
        ['history', 'compatible'],
        ['orders-value', 'compatible'],
        ['users-value', 'compatible'],
      ])
    }
  })

  it('a loop and a dangling link are what they are, not outside links', async () => {
    const { dir } = workspaceBeside(
      { 'users-value.avsc': user },
      { 'loop-value.avsc': 'loop-value.avsc', 'gone-value.avsc': 'nowhere.avsc', 'users-value/1.avsc': '../../nowhere' },
    )
    const { report } = await checkWorkspace({ dir })
    expect(report.problems.map((p) => [(p.file ?? '').slice(dir.length + 1), p.code])).toEqual([
      ['gone-value.avsc', 'FILE_UNREADABLE'],
      ['loop-value.avsc', 'SYMLINK_LOOP'],
    ])
  })
})

describe('git baselines: links are blobs; those inside the folder are followed, none outside it', () => {
  let repo: GitRepo
  let dir: string
  beforeAll(() => {
    repo = makeGitRepo()
    dir = join(repo.root, 'schemas')
    repo.commit('outside', { 'secret.avsc': SECRET }, 'a schema outside the folder')
    repo.commit('schemas', { 'lib/users.json': user, 'history/1.avsc': order }, 'schemas')
    for (const [name, target] of Object.entries({
      'users-value.avsc': 'lib/users.json',
      'orders-value': 'history',
      'leak-value.avsc': '../outside/secret.avsc',
      'abs-value.avsc': join(repo.root, 'outside/secret.avsc'),
      'loop-value.avsc': 'loop-value.avsc',
      'gone-value.avsc': 'nowhere.avsc',
    })) {
      symlinkSync(target, join(dir, name))
    }
    repo.git('add', '-A')
    repo.git('commit', '-q', '-m', 'links')
  })
  afterAll(() => repo.remove())

  it('reads the baseline through links inside the folder and reports the others as the work tree does', async () => {
    const { report } = await checkWorkspace({ dir, against: 'git:HEAD' })
    const { report: work } = await checkWorkspace({ dir })
    const problems = (r: typeof report) => r.problems.map((p) => [(p.file ?? '').replace(/^(.*\/schemas|git:HEAD)\//, ''), p.code])
    expect(problems(report)).toEqual([
      ['abs-value.avsc', 'LINK_OUTSIDE_WORKSPACE'],
      ['gone-value.avsc', 'FILE_UNREADABLE'],
      ['leak-value.avsc', 'LINK_OUTSIDE_WORKSPACE'],
      ['loop-value.avsc', 'SYMLINK_LOOP'],
      ['abs-value.avsc', 'LINK_OUTSIDE_WORKSPACE'],
      ['gone-value.avsc', 'FILE_UNREADABLE'],
      ['leak-value.avsc', 'LINK_OUTSIDE_WORKSPACE'],
      ['loop-value.avsc', 'SYMLINK_LOOP'],
    ])
    expect(problems(work)).toEqual(problems(report).slice(0, 4))
    // The linked subject file and folder are in the baseline: unchanged, so compatible (not new).
    expect(report.subjects.filter((s) => ['users-value', 'orders-value'].includes(s.subject)).map((s) => s.verdict)).toEqual(['compatible', 'compatible'])
    expect(JSON.stringify(report)).not.toContain('hunter2')
  })
})

describe('a file that is not a regular file', () => {
  it('a FIFO named as a version is refused at once instead of waiting for a writer', () => {
    const dir = folder({ 'fifo-value/1.avsc': '"int"' })
    execFileSync('mkfifo', [join(dir, 'fifo-value/2.avsc')])
    expect(readSchemaFile(dir, 'fifo-value/2.avsc')).toEqual({
      ok: false,
      problem: { code: 'FILE_UNREADABLE', file: 'fifo-value/2.avsc', message: 'is not a regular file' },
    })
  })
})

describe('a file that is not UTF-8', () => {
  it('is INVALID_UTF8 at its first bad byte (line and column), not read with replacement characters', () => {
    const dir = folder({})
    writeFileSync(join(dir, 'latin1.avsc'), Buffer.concat([Buffer.from('{"type": "string",\n "doc": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]))
    expect(readSchemaFile(dir, 'latin1.avsc')).toEqual({
      ok: false,
      problem: {
        code: 'INVALID_UTF8',
        file: 'latin1.avsc',
        message: 'is not UTF-8 text: byte 0xe9 cannot start or continue a character here (save the file as UTF-8)',
        line: 2,
        column: 13,
      },
    })
    writeFileSync(join(dir, 'ok.avsc'), '{"type": "string", "doc": "café 😀"}')
    expect(readSchemaFile(dir, 'ok.avsc')).toMatchObject({ ok: true })
  })
})
