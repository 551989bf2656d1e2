import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { UsageError } from '../../../src/errors.js'
import { makeGitRepo, type GitRepo } from '../../helpers/git-repo.js'
import { makeWorkspace, record, removeWorkspace } from '../../workspace/make-workspace.js'

const v1 = record('User', [{ name: 'id', type: 'string' }])
const withDefault = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int', default: 0 },
])
const withoutDefault = record('User', [
  { name: 'id', type: 'string' },
  { name: 'age', type: 'int' },
])
const order = record('Order', [{ name: 'id', type: 'long' }])

let repo: GitRepo
let dir: string

beforeAll(() => {
  repo = makeGitRepo()
  dir = join(repo.root, 'schemas')
  repo.commit('docs', { 'README.md': 'schemas come next' }, 'start')
  repo.git('tag', 'start')
  repo.commit('schemas', { 'users-value.avsc': v1, 'orders-value/1.avsc': order }, 'first')
  repo.git('tag', 'v1.0')
  repo.git('checkout', '-q', '-b', 'feature')
  repo.commit('schemas', { 'users-value.avsc': withDefault, 'orders-value/1.avsc': order }, 'compatible change')
})
afterAll(() => repo.remove())

describe('check --against git:<ref>', () => {
  it('reads the folder at a branch, a tag and HEAD~1 without touching the work tree', async () => {
    for (const ref of ['main', 'v1.0', 'HEAD~1']) {
      const { report } = await checkWorkspace({ dir, against: `git:${ref}` })
      expect(report.exitCode).toBe(0)
      expect(report.summary).toMatchObject({ subjects: 2, compatible: 2, new: 0 })
    }
    expect(repo.git('status', '--porcelain')).toBe('')
  })

  it('refuses an incompatible working-tree change, placing the finding in the candidate file', async () => {
    writeFileSync(join(dir, 'users-value.avsc'), JSON.stringify(withoutDefault, null, 2))
    try {
      const { report } = await checkWorkspace({ dir, against: 'git:main' })
      const users = report.subjects.find((s) => s.subject === 'users-value')
      expect(users?.verdict).toBe('incompatible')
      expect(users?.findings[0]).toMatchObject({
        code: 'READER_FIELD_MISSING_DEFAULT_VALUE',
        file: join(dir, 'users-value.avsc'),
        line: 10,
        location: '/fields/1',
      })
      const changed = await checkWorkspace({ dir, against: 'git:main', changedOnly: true })
      expect(changed.report.subjects.map((s) => s.subject)).toEqual(['users-value'])
    } finally {
      repo.git('checkout', '--', '.')
    }
  })

  it('treats subjects the ref lacks as new, and a folder the ref lacks as an empty baseline', async () => {
    repo.git('checkout', '-q', '-b', 'more')
    repo.commit('schemas', { 'users-value.avsc': withDefault, 'orders-value/1.avsc': order, 'payments-value.avsc': order }, 'new subject')
    const { report } = await checkWorkspace({ dir, against: 'git:feature' })
    expect(report.subjects.find((s) => s.subject === 'payments-value')?.verdict).toBe('new')
    const before = await checkWorkspace({ dir, against: 'git:start' })
    expect(before.report.summary).toMatchObject({ subjects: 3, new: 3 })
    expect(before.warnings).toEqual([`${dir} does not exist at git:start: every subject is new (check the folder and the ref if that is not expected)`])
    expect((await checkWorkspace({ dir, against: 'git:feature' })).warnings).toEqual([])
  })

  it('checks the own history of a subject the baseline lacks, as plain check does (git and folder baselines)', async () => {
    const broken = { 'users-value.avsc': withDefault, 'orders-value/1.avsc': order, 'refunds-value/1.avsc': v1, 'refunds-value/2.avsc': withoutDefault }
    repo.git('checkout', '-q', '-b', 'broken-new-subject', 'feature')
    repo.commit('schemas', broken, 'a new subject whose v2 breaks its v1')
    try {
      const plain = await checkWorkspace({ dir })
      const refunds = (r: typeof plain.report) => r.subjects.find((s) => s.subject === 'refunds-value')
      expect(refunds(plain.report)).toMatchObject({ verdict: 'incompatible', refused: [{ version: 2, againstVersion: 1 }] })
      const empty = makeWorkspace({})
      for (const against of ['git:feature', empty]) {
        const { report } = await checkWorkspace({ dir, against })
        expect(refunds(report)).toMatchObject({ verdict: 'incompatible', refused: [{ version: 2, againstVersion: 1 }] })
        expect(refunds(report)?.findings[0]).toMatchObject({ rule: 'FIELD_ADDED_WITHOUT_DEFAULT', file: join(dir, 'refunds-value/2.avsc') })
        expect(report.exitCode).toBe(1)
      }
      writeFileSync(join(dir, 'refunds-value/2.avsc'), JSON.stringify(withDefault, null, 2))
      const fixed = await checkWorkspace({ dir, against: 'git:feature' })
      expect(refunds(fixed.report)).toMatchObject({ verdict: 'new', versions: [1, 2] })
      removeWorkspace(empty)
    } finally {
      repo.git('checkout', '-q', '-f', 'more')
    }
  })

  it('a ref git does not know, in a repository without a remote, is a usage error that says so', async () => {
    const err = await checkWorkspace({ dir, against: 'git:origin/release' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    expect((err as UsageError).message).toContain("git has no commit 'origin/release'")
    expect((err as UsageError).hint).toContain('no remote to fetch from')
  })
})

describe('check --against a ref a shallow CI clone lacks: the suggested fetch works', () => {
  let clones: GitRepo
  beforeAll(() => {
    clones = makeGitRepo()
    repo.git('branch', 'team/x', 'feature')
  })
  afterAll(() => clones.remove())

  /** A fresh single-branch clone of `feature` at depth 1, as CI checkouts are; returns its schemas folder. */
  function shallowClone(name: string): string {
    clones.git('clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.root}`, name)
    return join(clones.root, name, 'schemas')
  }

  async function missing(schemas: string, ref: string): Promise<UsageError> {
    const err = await checkWorkspace({ dir: schemas, against: `git:${ref}` }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(UsageError)
    return err as UsageError
  }

  it.each([
    ['v1.0', 'git fetch origin tag v1.0'],
    ['refs/tags/v1.0', 'git fetch origin refs/tags/v1.0:refs/tags/v1.0'],
    ['origin/main', 'git fetch origin main:refs/remotes/origin/main'],
    ['main', 'git fetch origin main:refs/heads/main'],
    ['team/x', 'git fetch origin team/x:refs/heads/team/x'],
    ['HEAD~2', 'git fetch --deepen=2'],
  ])('git:%s: the hint names `%s`, and after running it the check passes', async (ref, command) => {
    const schemas = shallowClone(ref.replace(/\W/g, '-'))
    const err = await missing(schemas, ref)
    expect(err.message).toContain('(shallow clone)')
    const suggested = /`([^`]+)`/.exec(err.hint ?? '')?.[1]
    expect(suggested).toBe(command)
    const [, ...args] = (suggested as string).split(' ')
    execFileSync('git', args, { cwd: schemas, stdio: 'ignore' })
    const { report } = await checkWorkspace({ dir: schemas, against: `git:${ref}` })
    expect(report.exitCode).toBe(0)
    expect(report.summary.subjects).toBe(2)
  })

  it('a branch or tag the remote does not have is named as such, with no fetch to run', async () => {
    const schemas = shallowClone('unknown')
    for (const ref of ['origin/release', 'release']) {
      const err = await missing(schemas, ref)
      expect(err.message).toContain('its remote has no branch or tag of that name')
      expect(err.hint).not.toContain('git fetch')
    }
  })

  it('in a full clone, HEAD~N past the first commit does not exist: no fetch is suggested', async () => {
    const err = await missing(dir, 'HEAD~50')
    expect(err.message).toMatch(/'HEAD~50' does not exist: HEAD has \d+ commits before it/)
    expect(err.hint).not.toContain('deepen')
  })
})

describe('check --against git:<ref> with several new versions', () => {
  const v2 = record('User', [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string', default: '' },
  ])
  // v3 breaks v2 (a field without a default); v4 alone would read v2 data again.
  const v3 = record('User', [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string', default: '' },
    { name: 'age', type: 'int' },
  ])
  const v4 = record('User', [
    { name: 'id', type: 'string' },
    { name: 'name', type: 'string', default: '' },
    { name: 'age', type: 'int', default: 0 },
  ])
  let history: GitRepo
  let schemas: string

  beforeAll(() => {
    history = makeGitRepo()
    schemas = join(history.root, 'schemas')
    history.commit('schemas', { 'users-value/1.avsc': v1, 'users-value/2.avsc': v2 }, 'registered history')
  })
  afterAll(() => history.remove())

  it('checks every version newer than the baseline, in order, so an incompatible v3 fails even when v4 is compatible with v2', async () => {
    history.commit('schemas', { 'users-value/1.avsc': v1, 'users-value/2.avsc': v2, 'users-value/3.avsc': v3, 'users-value/4.avsc': v4 }, 'v3 and v4')
    try {
      const { report } = await checkWorkspace({ dir: schemas, against: 'git:HEAD~1' })
      const users = report.subjects[0]
      expect(users.verdict).toBe('incompatible')
      expect(users.versions).toEqual([3, 4])
      expect(users.refused.map((r) => [r.version, r.againstVersion])).toEqual([[3, 2]])
      expect(users.findings[0]).toMatchObject({ code: 'READER_FIELD_MISSING_DEFAULT_VALUE', file: join(schemas, 'users-value/3.avsc'), version: 3 })
    } finally {
      history.git('reset', '-q', '--hard', 'HEAD~1')
    }
  })

  it('a registered version rewritten in the workspace is an error; one deleted from it is a warning', async () => {
    const rewritten = record('User', [
      { name: 'id', type: 'string' },
      { name: 'email', type: 'string', default: '' },
    ])
    writeFileSync(join(schemas, 'users-value/1.avsc'), JSON.stringify(rewritten, null, 2))
    try {
      const { report } = await checkWorkspace({ dir: schemas, against: 'git:HEAD' })
      expect(report.exitCode).toBe(1)
      expect(report.subjects[0].findings).toEqual([
        expect.objectContaining({ kind: 'incompatible', rule: 'REGISTERED_VERSION_CHANGED', file: join(schemas, 'users-value/1.avsc'), version: 1 }),
      ])
    } finally {
      history.git('checkout', '--', '.')
    }
    rmSync(join(schemas, 'users-value/2.avsc'))
    try {
      const { report } = await checkWorkspace({ dir: schemas, against: 'git:HEAD' })
      expect(report.exitCode).toBe(0)
      expect(report.subjects[0].verdict).toBe('compatible')
      expect(report.subjects[0].findings).toEqual([
        expect.objectContaining({ rule: 'REGISTERED_VERSION_DELETED', severity: 'warning', file: 'git:HEAD/users-value/2.avsc', version: 2 }),
      ])
    } finally {
      history.git('checkout', '--', '.')
    }
  })
})

describe('check --against git:<ref> --changed-only', () => {
  const address = (fields: Array<{ name: string; type: unknown; default?: unknown }>) => ({
    type: 'record',
    name: 'Address',
    namespace: 'com.acme.common',
    fields,
  })
  const person = record('Person', [{ name: 'home', type: 'com.acme.common.Address' }])
  let shared: GitRepo
  let schemas: string

  beforeAll(() => {
    shared = makeGitRepo()
    schemas = join(shared.root, 'schemas')
    shared.commit(
      'schemas',
      { 'com.acme.common.Address.avsc': address([{ name: 'city', type: 'string' }]), 'people-value/1.avsc': person, 'orders-value.avsc': order },
      'base',
    )
  })
  afterAll(() => shared.remove())

  it('a change to a type another file defines marks the subjects that use it as changed', async () => {
    writeFileSync(
      join(schemas, 'com.acme.common.Address.avsc'),
      JSON.stringify(
        address([
          { name: 'city', type: 'string' },
          { name: 'zip', type: 'string' },
        ]),
      ),
    )
    try {
      const { report } = await checkWorkspace({ dir: schemas, against: 'git:HEAD', changedOnly: true })
      expect(report.subjects.map((s) => [s.subject, s.verdict])).toEqual([
        ['com.acme.common.Address', 'incompatible'],
        ['people-value', 'incompatible'],
      ])
      // The finding inside Address points at the field in the file that defines it, not at people-value's reference.
      expect(report.subjects[1].findings[0]).toMatchObject({
        rule: 'FIELD_ADDED_WITHOUT_DEFAULT',
        file: join(schemas, 'com.acme.common.Address.avsc'),
        line: 1,
        location: '/fields/1',
      })
      expect(report.subjects[1].findings[0].column).toBe(
        JSON.stringify(
          address([
            { name: 'city', type: 'string' },
            { name: 'zip', type: 'string' },
          ]),
        ).indexOf('{"name":"zip"') + 1,
      )
    } finally {
      shared.git('checkout', '--', '.')
    }
  })

  it('a level changed in the config marks the subjects it applies to as changed', async () => {
    expect((await checkWorkspace({ dir: schemas, against: 'git:HEAD', changedOnly: true })).report.subjects).toEqual([])
    writeFileSync(join(schemas, 'schemactl.config.json'), JSON.stringify({ subjects: { 'people-*': { compatibility: 'FULL' } } }))
    const { report } = await checkWorkspace({ dir: schemas, against: 'git:HEAD', changedOnly: true })
    expect(report.subjects.map((s) => [s.subject, s.level])).toEqual([['people-value', 'FULL']])
    // Once the baseline has the same config, nothing has changed.
    shared.git('add', '-A')
    shared.git('commit', '-q', '-m', 'FULL')
    expect((await checkWorkspace({ dir: schemas, against: 'git:HEAD', changedOnly: true })).report.subjects).toEqual([])
  })
})
