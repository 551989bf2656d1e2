import { describe, expect, it } from 'vitest'
import { InternalError } from '../../src/errors.js'
import { compactSubject, packSubjects } from '../../src/workspace/compact-subject.js'
import type { SubjectLayout } from '../../src/workspace/layout.js'

const file = (subject: string, ext = '.avsc'): SubjectLayout => ({
  subject,
  layout: 'file',
  entry: subject + ext,
  versions: [{ version: 1, file: subject + ext }],
  problems: [],
})
const folder = (subject: string, count: number, ext = '.avsc'): SubjectLayout => ({
  subject,
  layout: 'folder',
  entry: subject,
  versions: Array.from({ length: count }, (_, i) => ({ version: i + 1, file: `${subject}/${i + 1}${ext}` })),
  problems: [],
})
const fields = (s: SubjectLayout) => ({ subject: s.subject, layout: s.layout, entry: s.entry, versions: s.versions, problems: s.problems })

describe('packSubjects', () => {
  const odd: SubjectLayout = { ...folder('gap', 2), problems: [{ code: 'VERSION_GAP', file: 'gap', message: 'versions are not contiguous' }] }
  const plain = [
    file(':.ctx:orders-value'),
    folder('Orders-value', 3),
    odd,
    file('a/b', '.json'),
    folder('éclair', 1, '.proto'),
    file('日本-value'),
    folder('😀-key', 12),
  ]
  const subjects = plain.map(compactSubject)

  it('reads as the list it packed: same order, every field equal, array methods, iteration and JSON', () => {
    const packed = packSubjects(subjects)
    expect(Array.isArray(packed)).toBe(true)
    expect(packed).toHaveLength(plain.length)
    expect(packed.map(fields)).toEqual(plain)
    expect([...packed].map((s) => s.subject)).toEqual(plain.map((s) => s.subject))
    expect(packed.find((s) => s.subject === 'éclair')?.versions).toEqual([{ version: 1, file: 'éclair/1.proto' }])
    expect(packed.filter((s) => s.layout === 'folder').map((s) => s.subject)).toEqual(['Orders-value', 'gap', 'éclair', '😀-key'])
    expect(JSON.parse(JSON.stringify(packed)) as unknown).toEqual(plain)
    expect(0 in packed && !(7 in packed)).toBe(true)
    expect(packed[7]).toBeUndefined()
    // A subject that is not compact is kept as it is.
    expect(packed[2]).toBe(odd)
  })

  it('refuses changes to the list and to a subject made when read (they would be lost)', () => {
    const packed = packSubjects(subjects)
    expect(() => packed.push(file('z'))).toThrow(InternalError)
    expect(() => (packed[0] = file('z'))).toThrow(InternalError)
    expect(() => (packed[0].problems = [])).toThrow(InternalError)
    expect(() => (packed[1].versions = [])).toThrow(InternalError)
    expect(packed.map(fields)).toEqual(plain)
  })

  it('keeps a compact subject that was changed as it is, and packs an empty list', () => {
    const changed = compactSubject(file('s'))
    changed.versions = [{ version: 1, file: 's.avsc', contract: 's.contract.json' }]
    const packed = packSubjects([changed, compactSubject(file('t'))])
    expect(packed[0]).toBe(changed)
    expect(packed.map((s) => s.versions)).toEqual([[{ version: 1, file: 's.avsc', contract: 's.contract.json' }], [{ version: 1, file: 't.avsc' }]])
    expect(packSubjects([])).toEqual([])
  })
})
