import { SubjectPack } from '../../workspace/compact-subject.js'
import { decodeSubject, type SubjectLayout, type WorkspaceLayout } from '../../workspace/layout.js'

/**
 * A workspace layout as a check worker receives it (threads.ts): one JSON string, far smaller
 * than the layout's own JSON and quick to parse. A subject laid out the usual way, a folder
 * `entry/` of `1.avsc` … `N.avsc` and nothing else, is its entry and N; any other is sent whole.
 * (20,000 subjects of 10 versions: ~0.5 MB instead of ~12 MB.)
 */
export function packLayout(layout: WorkspaceLayout): string {
  const subjects: Array<string | number | SubjectLayout> = []
  for (const s of layout.subjects) {
    if (isPlain(s)) subjects.push(s.entry, s.versions.length)
    else subjects.push(s)
  }
  return JSON.stringify({ ...layout, subjects })
}

/** The layout `packLayout` packed, equal to the one it was given (key order included: the verdict cache keys on the versions' JSON). */
export function unpackLayout(packed: string): WorkspaceLayout {
  const layout = JSON.parse(packed) as Omit<WorkspaceLayout, 'subjects'> & { subjects: Array<string | number | SubjectLayout> }
  // Packed as the main thread's list is (compact-subject.ts): each worker holds the whole layout.
  const subjects = new SubjectPack()
  const items = layout.subjects
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    if (typeof item !== 'string') {
      subjects.add(item as SubjectLayout)
      continue
    }
    const count = items[++i] as number
    const versions = Array.from({ length: count }, (_, v) => ({ version: v + 1, file: `${item}/${v + 1}.avsc` }))
    subjects.add({ subject: decodeSubject(item), layout: 'folder', entry: item, versions, problems: [] })
  }
  return { ...layout, subjects: subjects.list() }
}

/** A folder of `1.avsc` … `N.avsc` only, named after its subject: what `unpackLayout` rebuilds from its entry and N. */
function isPlain(s: SubjectLayout): boolean {
  if (s.layout !== 'folder' || s.problems.length > 0 || s.versions.length === 0 || decodeSubject(s.entry) !== s.subject) return false
  return s.versions.every((v, i) => v.version === i + 1 && v.file === `${s.entry}/${i + 1}.avsc` && v.contract === undefined && Object.keys(v).length === 2)
}
