/** A snapshot's versions numbered by place, for the plan and the copy to keep their state in typed arrays. */
import type { SchemaReference } from '../../registry/types.js'
import type { SubjectVersions, VersionRecord } from './types.js'

/**
 * Every version of a snapshot has a place, 0 to `count - 1`: subject by subject (in the snapshot's
 * order), each subject's versions ascending, so a subject's versions are consecutive places.
 */
export interface NumberedVersions {
  readonly count: number
  /** The version at `place`, as a record (a packed side makes a new one each time). */
  record(place: number): VersionRecord
  /** The subject of the version at `place`. */
  subject(place: number): string
  /** The place of the first version of `place`'s subject. */
  first(place: number): number
  /** One past the place of the last version of `place`'s subject. */
  end(place: number): number
  /** The references of the version at `place`. */
  references(place: number): SchemaReference[]
  /** The place of `subject`'s `version`, or -1. */
  placeOf(subject: string, version: number): number
}

/** `subjects` numbered: itself when it numbers its versions already (a packed registry side), else numbered now (a folder's or a test's `Map`). */
export function numberVersions(subjects: SubjectVersions): NumberedVersions {
  if (isNumbered(subjects)) return subjects
  const records: VersionRecord[] = []
  // Per place: its subject (the map's key), its subject's first and end places.
  const names: string[] = []
  const firsts: number[] = []
  const ends: number[] = []
  const starts = new Map<string, number>()
  for (const [subject, list] of subjects) {
    const first = records.length
    starts.set(subject, first)
    for (const r of list) {
      records.push(r)
      names.push(subject)
      firsts.push(first)
      ends.push(first + list.length)
    }
  }
  return {
    count: records.length,
    record: (place) => records[place],
    subject: (place) => names[place],
    first: (place) => firsts[place],
    end: (place) => ends[place],
    references: (place) => records[place].references,
    placeOf(subject, version) {
      const start = starts.get(subject)
      if (start === undefined) return -1
      for (let p = start; p < ends[start]; p++) if (records[p].version === version) return p
      return -1
    },
  }
}

function isNumbered(subjects: SubjectVersions): subjects is SubjectVersions & NumberedVersions {
  return typeof (subjects as Partial<NumberedVersions>).placeOf === 'function'
}
