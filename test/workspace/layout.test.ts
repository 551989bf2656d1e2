import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InputError, UsageError } from '../../src/errors.js'
import { EntryList } from '../../src/workspace/entry-list.js'
import { decodeSubject, subjectFileName, scanLayout, type SubjectLayout } from '../../src/workspace/layout.js'
import { openWorkspace } from '../../src/workspace/workspace.js'
import { temporaryWorkspaces } from './make-workspace.js'

const folder = temporaryWorkspaces()

describe('scanLayout', () => {
  it('reads subject.avsc as one candidate and subject/N.avsc as a history, newest last', async () => {
    const dir = folder({
      'a-value.avsc': '"int"',
      'b-value/2.avsc': '"int"',
      'b-value/10.avsc': '"int"',
      'b-value/1.avsc': '"int"',
      'README.md': '',
      'b-value/notes.txt': '',
    })
    const layout = await scanLayout(dir)
    expect(layout.subjects.map((s) => [s.subject, s.layout, s.versions.map((v) => v.file)])).toEqual([
      ['a-value', 'file', ['a-value.avsc']],
      ['b-value', 'folder', ['b-value/1.avsc', 'b-value/2.avsc', 'b-value/10.avsc']],
    ])
    expect(layout.subjects[1].problems.map((p) => p.code)).toEqual(['VERSION_GAP'])
  })

  it('percent-decodes subject names', async () => {
    const layout = await scanLayout(folder({ 'com.acme%2Forders-value.avsc': '"int"', 'team%3Aa/1.avsc': '"int"' }))
    expect(layout.subjects.map((s) => s.subject)).toEqual(['com.acme/orders-value', 'team:a'])
    expect(subjectFileName('com.acme/orders-value')).toBe('com.acme%2Forders-value')
    expect(decodeSubject('bad%zzname')).toBe('bad%zzname')
  })

  it('reports a gap in the versions, naming the missing ones', async () => {
    const layout = await scanLayout(folder({ 's/1.avsc': '"int"', 's/2.avsc': '"int"', 's/4.avsc': '"int"' }))
    expect(layout.subjects[0].problems).toEqual([{ code: 'VERSION_GAP', file: 's', message: 'versions are not contiguous: version 3 missing (found 1, 2, 4)' }])
    expect(layout.subjects[0].versions.map((v) => v.version)).toEqual([1, 2, 4])
  })

  it("accepts exactly the gaps a migrate export's schemactl-export.json records", async () => {
    const dir = folder({
      's/1.avsc': '"int"',
      's/3.avsc': '"int"',
      's/6.avsc': '"int"',
      'schemactl-export.json': { format: 'schemactl-export/1', global: {}, subjects: { s: { versions: {}, gaps: [2, 4] } } },
    })
    const workspace = await openWorkspace(dir)
    expect(workspace.layout.subjects[0].problems).toEqual([
      { code: 'VERSION_GAP', file: 's', message: 'versions are not contiguous: version 5 missing (found 1, 3, 6)' },
    ])
    // Without the metadata every gap counts.
    expect((await scanLayout(dir)).subjects[0].problems[0].message).toContain('versions 2, 4, 5 missing')
  })

  it('reports a non-numeric version file name and leaves it out of the history', async () => {
    const layout = await scanLayout(folder({ 's/1.avsc': '"int"', 's/latest.avsc': '"int"', 's/02.avsc': '"int"' }))
    expect(layout.subjects[0].problems.map((p) => [p.code, p.file])).toEqual([
      ['VERSION_NAME', 's/02.avsc'],
      ['VERSION_NAME', 's/latest.avsc'],
    ])
    expect(layout.subjects[0].versions.map((v) => v.version)).toEqual([1])
  })

  it('throws an InputError for an empty folder, a UsageError for a missing one (a mistyped argument)', async () => {
    const empty = folder({ 'file.txt': 'x' })
    await expect(scanLayout(empty)).rejects.toThrow(InputError)
    await expect(scanLayout(empty)).rejects.toThrow(`${empty}: no schemas found`)
    await expect(scanLayout(join(empty, 'nope'))).rejects.toThrow(UsageError)
    await expect(scanLayout(join(empty, 'nope'))).rejects.toThrow(`${join(empty, 'nope')}: no such folder`)
    await expect(scanLayout(join(empty, 'file.txt'))).rejects.toThrow(`${join(empty, 'file.txt')}: not a folder`)
  })

  it('reports link loops, dangling links and a folder named x.avsc without stopping', async () => {
    const dir = folder({ 'ok.avsc': '"int"' })
    symlinkSync('loop.avsc', join(dir, 'loop.avsc'))
    symlinkSync('missing.avsc', join(dir, 'dangling.avsc'))
    mkdirSync(join(dir, 'x.avsc'))
    const layout = await scanLayout(dir)
    expect(layout.subjects.map((s) => s.subject)).toEqual(['ok'])
    expect(layout.problems.map((p) => [p.file, p.code])).toEqual([
      ['dangling.avsc', 'FILE_UNREADABLE'],
      ['loop.avsc', 'SYMLINK_LOOP'],
      ['x.avsc', 'FILE_UNREADABLE'],
    ])
  })

  it('follows a link to a subject folder and flags a subject defined twice', async () => {
    const dir = folder({ 'real/1.avsc': '"int"', 's.avsc': '"int"', 's/1.avsc': '"int"' })
    symlinkSync('real', join(dir, 'linked'))
    const layout = await scanLayout(dir)
    expect(layout.subjects.map((s) => [s.subject, s.layout])).toEqual([
      ['linked', 'folder'],
      ['real', 'folder'],
      ['s', 'folder'],
    ])
    expect(layout.subjects[2].problems.map((p) => p.code)).toEqual(['AMBIGUOUS_SUBJECT'])
  })

  it('orders tricky names (unicode, contexts, case, escapes) by code unit, each subject in full as a plain layout', async () => {
    const dir = folder({
      'orders-value.avsc': '"int"',
      'Orders-value.avsc': '"int"',
      '%3A.ctx%3Aorders-value.avsc': '"int"',
      '%3A.other%3Aa/1.avsc': '"int"',
      '%3A.other%3Aa/2.avsc': '"int"',
      'éclair-value.avsc': '"int"',
      'zebra-value.json': '{"$schema": "https://json-schema.org/draft/2020-12/schema"}',
      '日本-value.proto': 'syntax = "proto3";',
      '😀-key/1.avsc': '"int"',
      'a%2Fb.avsc': '"int"',
      'a_b.avsc': '"int"',
      'a-b.avsc': '"int"',
      'A.avsc': '"int"',
      'bad%zz.avsc': '"int"',
      's.avsc': '"int"',
      's.contract.json': '{}',
    })
    const layout = await scanLayout(dir)
    const names = layout.subjects.map((s) => s.subject)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(names).toEqual([
      ':.ctx:orders-value',
      ':.other:a',
      'A',
      'Orders-value',
      'a-b',
      'a/b',
      'a_b',
      'bad%zz',
      'orders-value',
      's',
      'zebra-value',
      'éclair-value',
      '日本-value',
      '😀-key',
    ])
    const plain = (s: SubjectLayout) => ({ subject: s.subject, layout: s.layout, entry: s.entry, versions: s.versions, problems: s.problems })
    expect(layout.subjects.map(plain).filter((s) => ['s', ':.other:a', '日本-value', 'a/b'].includes(s.subject))).toEqual([
      {
        subject: ':.other:a',
        layout: 'folder',
        entry: '%3A.other%3Aa',
        versions: [
          { version: 1, file: '%3A.other%3Aa/1.avsc' },
          { version: 2, file: '%3A.other%3Aa/2.avsc' },
        ],
        problems: [],
      },
      { subject: 'a/b', layout: 'file', entry: 'a%2Fb.avsc', versions: [{ version: 1, file: 'a%2Fb.avsc' }], problems: [] },
      { subject: 's', layout: 'file', entry: 's.avsc', versions: [{ version: 1, file: 's.avsc', contract: 's.contract.json' }], problems: [] },
      { subject: '日本-value', layout: 'file', entry: '日本-value.proto', versions: [{ version: 1, file: '日本-value.proto' }], problems: [] },
    ])
    // A layout's JSON (what a check worker is sent) is its fields.
    expect(JSON.parse(JSON.stringify(layout.subjects)) as unknown).toEqual(layout.subjects.map(plain))
  })

  it('lists any set of names as a sorted, decoded, duplicate-free subject list; clashes flagged on the folder or the first entry', async () => {
    const unit = fc.constantFrom(...'abAB019.-_éZ😀%2F3')
    const stem = fc.string({ unit, minLength: 1, maxLength: 5 }).filter((n) => !n.startsWith('.') && !n.endsWith('.'))
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(stem, fc.boolean()), { minLength: 1, maxLength: 12, selector: ([n, f]) => `${n}${f}` }), async (entries) => {
        const tree = Object.fromEntries(entries.map(([name, isFolder]) => [isFolder ? `${name}/1.avsc` : `${name}.avsc`, '"int"']))
        const layout = await scanLayout(folder(tree))
        const decoded = [...new Set(entries.map(([name]) => decodeSubject(name)))]
        expect(layout.subjects.map((s) => s.subject)).toEqual(decoded.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
        // Every name defining a subject twice is one AMBIGUOUS_SUBJECT, on the folder when there is one.
        const clashes = entries.length - decoded.length
        const flagged = layout.subjects.flatMap((s) => s.problems.filter((p) => p.code === 'AMBIGUOUS_SUBJECT').map(() => s))
        expect(flagged.length).toBe(clashes)
        for (const s of flagged) if (entries.some(([name, isFolder]) => isFolder && decodeSubject(name) === s.subject)) expect(s.layout).toBe('folder')
      }),
      { numRuns: 40 },
    )
  })

  it("gives each contract file to the subject it names, whichever entries define it: a file's version, else a problem", async () => {
    const unit = fc.constantFrom(...'abé-.%2F')
    const stem = fc.string({ unit, minLength: 1, maxLength: 4 }).filter((n) => !n.startsWith('.') && !n.endsWith('.'))
    const kind = fc.constantFrom('file', 'folder', 'contract')
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(stem, kind), { minLength: 1, maxLength: 12, selector: ([n, k]) => `${n}${k}` }), async (entries) => {
        const path = { file: (n: string) => `${n}.avsc`, folder: (n: string) => `${n}/1.avsc`, contract: (n: string) => `${n}.contract.json` }
        const tree = Object.fromEntries(entries.map(([name, k]) => [path[k](name), k === 'contract' ? '{}' : '"int"']))
        if (entries.every(([, k]) => k === 'contract')) tree['z.avsc'] = '"int"'
        const layout = await scanLayout(folder(tree))
        for (const [name, k] of entries.filter(([, k]) => k === 'contract')) {
          const file = path[k](name)
          const owner = layout.subjects.find((s) => s.subject === decodeSubject(name))
          if (owner === undefined) expect(layout.problems).toContainEqual(expect.objectContaining({ code: 'CONTRACT_WITHOUT_SCHEMA', file }))
          else if (owner.layout === 'folder') expect(owner.problems).toContainEqual(expect.objectContaining({ code: 'CONTRACT_WITHOUT_SCHEMA', file }))
          // Two contract files may name one subject (two encodings of its name): it gets one of them.
          else
            expect(entries.filter(([n, k]) => k === 'contract' && decodeSubject(n) === owner.subject).map(([n]) => path.contract(n))).toContain(
              owner.versions[0].contract,
            )
        }
        expect(
          layout.subjects.filter((s) => s.versions[0].contract !== undefined && !entries.some(([n, k]) => k === 'contract' && decodeSubject(n) === s.subject)),
        ).toEqual([])
      }),
      { numRuns: 60 },
    )
  })

  it('reads a root of many entries a batch at a time, links among them included, as one listing', async () => {
    const dir = folder({})
    for (let i = 0; i < 700; i++) writeFileSync(join(dir, `s${String(i).padStart(3, '0')}.avsc`), '"int"')
    symlinkSync('s001.avsc', join(dir, 'link-a.avsc'))
    symlinkSync('gone.avsc', join(dir, 'link-b.avsc'))
    mkdirSync(join(dir, 'real'))
    writeFileSync(join(dir, 'real', '1.avsc'), '"int"')
    symlinkSync('real', join(dir, 'link-c'))
    const layout = await scanLayout(dir)
    expect(layout.subjects).toHaveLength(703)
    expect(layout.subjects.filter((s) => s.layout === 'folder').map((s) => s.subject)).toEqual(['link-c', 'real'])
    expect(layout.problems.map((p) => [p.file, p.code])).toEqual([['link-b.avsc', 'FILE_UNREADABLE']])
  })

  it.skipIf(process.getuid?.() === 0)('an unreadable root is an InputError naming the folder and the reason', async () => {
    const dir = folder({ 'a.avsc': '"int"' })
    chmodSync(dir, 0o000)
    try {
      await expect(scanLayout(dir)).rejects.toThrow(InputError)
      await expect(scanLayout(dir)).rejects.toThrow(`${dir}: cannot be read (EACCES)`)
    } finally {
      chmodSync(dir, 0o755)
    }
  })
})

describe('EntryList', () => {
  it('keeps names in order and kinds by position, a problem kind too, and can change a kind', () => {
    const list = EntryList.of([
      { name: 'a', kind: 'file' },
      { name: 'b', kind: 'folder' },
    ])
    for (let i = 0; i < 100; i++) list.add(`x${i}`, 'other')
    const at = list.add('loop', { code: 'SYMLINK_LOOP', message: 'loops' })
    expect(list.length).toBe(103)
    expect([list.kind(0), list.kind(1), list.kind(50), list.kind(at)]).toEqual(['file', 'folder', 'other', { code: 'SYMLINK_LOOP', message: 'loops' }])
    list.setKind(at, 'file')
    expect([list.names[at], list.kind(at)]).toEqual(['loop', 'file'])
  })
})
