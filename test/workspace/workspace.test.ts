import { closeSync, ftruncateSync, mkdirSync, openSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../src/errors.js'
import { openWorkspace, type LoadedSubject } from '../../src/workspace/workspace.js'
import { deepSchemaText, record, temporaryWorkspaces, type Tree } from './make-workspace.js'

const folder = temporaryWorkspaces()

/** Opens a workspace made of `tree` (plus `extra` setup) and loads every subject. */
async function loadAll(tree: Tree, extra?: (dir: string) => void): Promise<Map<string, LoadedSubject>> {
  const dir = folder(tree)
  extra?.(dir)
  const workspace = await openWorkspace(dir)
  const out = new Map<string, LoadedSubject>()
  for (const s of workspace.layout.subjects) out.set(s.subject, await workspace.loadSubject(s))
  return out
}

const good = record('Good', [{ name: 'id', type: 'string' }])

describe('openWorkspace: each bad input is one problem naming the file, and the others still load', () => {
  it('invalid JSON: file, line and column', async () => {
    const subjects = await loadAll({ 'good.avsc': good, 'bad.avsc': '{\n  "type": "record",\n  "name": "X",\n  "fields": [,]\n}' })
    expect(subjects.get('good')?.versions[0].parsed?.ok).toBe(true)
    expect(subjects.get('bad')?.versions[0].problems).toEqual([
      { code: 'INVALID_JSON', file: 'bad.avsc', message: "Invalid JSON: value expected near ',]'", line: 4, column: 14 },
    ])
  })

  it('valid JSON but not Avro', async () => {
    const subjects = await loadAll({ 'good.avsc': good, 'bad.avsc': '{\n  "type": "recrod",\n  "name": "X"\n}' })
    const [problem] = subjects.get('bad')?.versions[0].problems ?? []
    expect(problem).toMatchObject({ code: 'INVALID_SCHEMA', file: 'bad.avsc' })
    expect(problem.line).toBeGreaterThanOrEqual(1)
    expect(subjects.get('good')?.versions[0].problems).toEqual([])
  })

  it('an undefined type name, placed at its use', async () => {
    const subjects = await loadAll({
      'bad.avsc': record('X', [
        { name: 'a', type: 'int' },
        { name: 'b', type: 'com.acme.Nowhere' },
      ]),
    })
    const problems = subjects.get('bad')?.versions[0].problems ?? []
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'INVALID_SCHEMA', file: 'bad.avsc', line: 12 })
    expect(problems[0].message).toMatch(/Nowhere/)
  })

  it('a default of the wrong type', async () => {
    const subjects = await loadAll({ 'bad.avsc': record('X', [{ name: 'n', type: 'int', default: 'zero' }]) })
    const problems = subjects.get('bad')?.versions[0].problems ?? []
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'INVALID_SCHEMA', file: 'bad.avsc' })
    expect(problems[0].line).toBeGreaterThanOrEqual(6)
  })

  it('an int default written 1.0 (a double to Avro), as when the text is parsed directly', async () => {
    const subjects = await loadAll({ 'bad.avsc': '{"type":"record","name":"X","fields":[{"name":"n","type":"int","default":1.0}]}' })
    expect(subjects.get('bad')?.versions[0].problems).toEqual([
      {
        code: 'INVALID_SCHEMA',
        file: 'bad.avsc',
        path: '/fields/0/default',
        line: 1,
        column: 64,
        message: "Invalid default for field 'n' in 'X': 1 is not an int",
      },
    ])
  })

  it('a duplicate field', async () => {
    const subjects = await loadAll({
      'bad.avsc': record('X', [
        { name: 'n', type: 'int' },
        { name: 'n', type: 'long' },
      ]),
    })
    const problems = subjects.get('bad')?.versions[0].problems ?? []
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ code: 'INVALID_SCHEMA', file: 'bad.avsc' })
    expect(problems[0].message).toMatch(/\bn\b/)
  })

  it('a schema nested 10,000 levels deep', async () => {
    const subjects = await loadAll({ 'good.avsc': good, 'deep.avsc': deepSchemaText(10_000) })
    expect(subjects.get('deep')?.versions[0].problems).toEqual([
      { code: 'NESTED_TOO_DEEP', file: 'deep.avsc', message: "is nested more than 1000 levels deep (Avro's own JSON reader stops at 1000 too)" },
    ])
    expect(subjects.get('good')?.versions[0].parsed?.ok).toBe(true)
  })

  it('a 50 MB file', async () => {
    const subjects = await loadAll({ 'good.avsc': good }, (dir) => {
      const fd = openSync(join(dir, 'huge.avsc'), 'w')
      ftruncateSync(fd, 50 * 1024 * 1024)
      closeSync(fd)
    })
    expect(subjects.get('huge')?.versions[0].problems).toEqual([
      { code: 'FILE_TOO_LARGE', file: 'huge.avsc', message: 'is 50 MB, over the 10 MB limit for a schema file' },
    ])
  })

  it('an empty folder is an InputError', async () => {
    const dir = folder({ 'notes.txt': 'no schemas here' })
    await expect(openWorkspace(dir)).rejects.toThrow(InputError)
  })

  it('an unreadable version file (a folder named 2.avsc, a dangling link)', async () => {
    const subjects = await loadAll({ 's/1.avsc': good, 't/1.avsc': good }, (dir) => {
      mkdirSync(join(dir, 's', '2.avsc'))
      symlinkSync('nowhere.avsc', join(dir, 't', '2.avsc'))
    })
    expect(subjects.get('s')?.versions.map((v) => v.problems)).toEqual([
      [],
      [{ code: 'FILE_UNREADABLE', file: 's/2.avsc', message: 'is a folder, not a schema file' }],
    ])
    expect(subjects.get('t')?.versions[1].problems).toEqual([
      { code: 'FILE_UNREADABLE', file: 't/2.avsc', message: 'symbolic link to a file that does not exist' },
    ])
  })

  it('a symlink loop inside a subject folder', async () => {
    const subjects = await loadAll({ 's/1.avsc': good }, (dir) => {
      symlinkSync('3.avsc', join(dir, 's', '2.avsc'))
      symlinkSync('2.avsc', join(dir, 's', '3.avsc'))
    })
    expect(
      subjects
        .get('s')
        ?.versions.slice(1)
        .map((v) => v.problems[0]?.code),
    ).toEqual(['SYMLINK_LOOP', 'SYMLINK_LOOP'])
  })

  it('a gap and a non-numeric version file name are layout problems of the subject', async () => {
    const subjects = await loadAll({ 's/1.avsc': good, 's/2.avsc': good, 's/4.avsc': good, 's/final.avsc': good })
    expect(subjects.get('s')?.layout.problems.map((p) => [p.code, p.file])).toEqual([
      ['VERSION_NAME', 's/final.avsc'],
      ['VERSION_GAP', 's'],
    ])
    expect(subjects.get('s')?.versions.map((v) => v.version)).toEqual([1, 2, 4])
  })
})

describe('openWorkspace: named types across files', () => {
  const address = record('Address', [{ name: 'city', type: 'string' }], 'com.acme.common')

  it('resolves a type defined in another file and records where it came from', async () => {
    const subjects = await loadAll({
      'com.acme.common.Address.avsc': address,
      'orders-value/1.avsc': record('Order', [{ name: 'ship_to', type: 'com.acme.common.Address' }], 'com.acme.orders'),
      'orders-value/2.avsc': record(
        'Order',
        [
          { name: 'ship_to', type: 'com.acme.common.Address' },
          { name: 'bill_to', type: ['null', 'com.acme.common.Address'], default: null },
        ],
        'com.acme.orders',
      ),
    })
    const orders = subjects.get('orders-value') as LoadedSubject
    expect(orders.versions.map((v) => v.problems)).toEqual([[], []])
    expect(orders.versions[1].references.map(({ text: _text, ...where }) => where)).toEqual([
      { name: 'com.acme.common.Address', subject: 'com.acme.common.Address', file: 'com.acme.common.Address.avsc' },
    ])
    expect(orders.versions[1].parsed?.referencedTypes).toContain('com.acme.common.Address')
  })

  it('resolves regardless of file order, through a chain of files', async () => {
    const subjects = await loadAll({
      'a.avsc': record('A', [{ name: 'b', type: 'com.acme.B' }]),
      'b.avsc': record('B', [{ name: 'c', type: 'com.acme.C' }]),
      'c.avsc': record('C', [{ name: 'x', type: 'int' }]),
    })
    expect([...subjects.values()].map((s) => s.versions[0].problems)).toEqual([[], [], []])
    expect(subjects.get('a')?.versions[0].references.map((r) => r.file)).toEqual(['b.avsc'])
  })

  it('uses the newest version of the defining subject', async () => {
    const subjects = await loadAll({
      'address/1.avsc': address,
      'address/2.avsc': record(
        'Address',
        [
          { name: 'city', type: 'string' },
          { name: 'zip', type: 'string', default: '' },
        ],
        'com.acme.common',
      ),
      'user.avsc': record('User', [{ name: 'home', type: 'com.acme.common.Address' }]),
    })
    const user = subjects.get('user') as LoadedSubject
    expect(user.versions[0].references.map(({ text: _text, ...where }) => where)).toEqual([
      { name: 'com.acme.common.Address', subject: 'address', file: 'address/2.avsc' },
    ])
    expect(user.versions[0].references[0].text).toContain('"zip"')
  })

  it('reports a circular use between files, and a use of a type from an invalid file', async () => {
    const subjects = await loadAll({
      'a.avsc': record('A', [{ name: 'b', type: 'com.acme.B' }]),
      'b.avsc': record('B', [{ name: 'a', type: 'com.acme.A' }]),
      'broken.avsc': record('Broken', [{ name: 'n', type: 'int', default: 'x' }]),
      'user.avsc': record('User', [{ name: 'x', type: 'com.acme.Broken' }]),
    })
    expect(subjects.get('a')?.versions[0].problems[0]).toMatchObject({ code: 'UNRESOLVED_REFERENCE', file: 'a.avsc', line: 8 })
    expect(subjects.get('b')?.versions[0].problems[0].message).toMatch(/circular/)
    expect(subjects.get('user')?.versions[0].problems).toEqual([
      {
        code: 'UNRESOLVED_REFERENCE',
        file: 'user.avsc',
        message: "uses 'com.acme.Broken' from broken.avsc, which is invalid",
        path: '/fields/0/type',
        line: 8,
        column: 7,
      },
    ])
  })

  it('reports a type that two files define differently, naming both; identical definitions (docs aside) are fine', async () => {
    const other = record('Address', [{ name: 'street', type: 'string' }], 'com.acme.common')
    const user = record('User', [{ name: 'home', type: 'com.acme.common.Address' }])
    const order = (shipTo: object) => record('Order', [{ name: 'ship_to', type: shipTo }])
    const clash = await loadAll({ 'address.avsc': address, 'order.avsc': order(other), 'user.avsc': user })
    expect(clash.get('user')?.versions[0].problems).toEqual([
      {
        code: 'CONFLICTING_DEFINITION',
        file: 'user.avsc',
        message: "uses 'com.acme.common.Address', which address.avsc and order.avsc define differently: make the definitions identical or keep one",
        path: '/fields/0/type',
        line: 8,
        column: 7,
      },
    ])
    expect(clash.get('order')?.versions[0].problems).toEqual([])
    const same = await loadAll({ 'address.avsc': address, 'order.avsc': order({ ...address, doc: 'where it goes' }), 'user.avsc': user })
    expect(same.get('user')?.versions[0].problems).toEqual([])
    expect(same.get('user')?.versions[0].references.map((r) => r.file)).toEqual(['address.avsc'])
  })

  it('accepts comments in schema files', async () => {
    const subjects = await loadAll({ 'c.avsc': '// user record\n{"type": "record", /* inline */ "name": "C", "fields": []}' })
    expect(subjects.get('c')?.versions[0].parsed?.ok).toBe(true)
  })
})
