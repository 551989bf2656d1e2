import { mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError, UsageError } from '../../src/errors.js'
import { decodeSubject, subjectFileName, scanLayout } from '../../src/workspace/layout.js'
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
})
