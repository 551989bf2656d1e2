import { describe, expect, it } from 'vitest'
import { InternalError } from '../../src/errors.js'
import fc from 'fast-check'
import { compactSubject, packSubjects, SubjectPack } from '../../src/workspace/compact-subject.js'
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

describe('SubjectPack', () => {
  const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

  it('orders subjects by name as `<` does, ASCII or not (astral characters, lone surrogates), and reads every name back exactly', () => {
    const unit = fc.constantFrom('a', 'b', 'A', '-', '.', 'é', '\uffff', '\ue000', '😀', '\ud800', '\udfff', '日')
    const name = fc.string({ unit, minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 20 }), (names) => {
        const pack = new SubjectPack()
        for (const n of names) pack.add(file(n))
        expect(names.map((_, i) => pack.subject(i))).toEqual(names)
        for (let a = 0; a < names.length; a++) for (let b = 0; b < names.length; b++) expect(Math.sign(pack.compare(a, b))).toBe(byCodeUnit(names[a], names[b]))
      }),
      { numRuns: 200 },
    )
  })

  it('grows past its first capacity, selects and reorders by position, and keeps what replaced a subject', () => {
    const pack = new SubjectPack()
    // 3,000 names of ~40 bytes: the slots and the buffer grow many times.
    const names = Array.from({ length: 3000 }, (_, i) => `subject-${String(i).padStart(5, '0')}-with-a-longer-name-value`)
    for (const n of names) pack.add(folder(n, 2))
    const changed: SubjectLayout = { ...folder(names[7], 2), problems: [{ code: 'VERSION_GAP', file: names[7], message: 'a gap' }] }
    pack.replace(7, changed)
    expect(pack.length).toBe(3000)
    expect(pack.list().map(fields)).toEqual(names.map((n, i) => (i === 7 ? changed : folder(n, 2))))
    const reversed = pack.list(Uint32Array.from({ length: 3000 }, (_, i) => 2999 - i))
    expect(reversed.map((s) => s.subject)).toEqual([...names].reverse())
    expect(reversed[2992]).toBe(changed)
    expect(() => (reversed[0].versions = [])).toThrow(InternalError)
  })
})
