import { opendirSync, readdirSync, type Dir, type Dirent } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'
import { InputError, UsageError } from '../errors.js'
import { plainLayout, SubjectPack } from './compact-subject.js'
import { EntryList, type EntryKind, type FolderEntry } from './entry-list.js'
import type { ExportGaps } from './export-gaps.js'
import type { FileProblem } from './findings.js'
import { compareNames } from './name-order.js'
import { accessProblem, outsideProblem, type ReadOptions } from './read-file.js'

/** One version file of a subject; `file` is relative to the workspace root (with `/`). */
export interface VersionFile {
  version: number
  file: string
  /** The version's contract file (`3.contract.json` beside `3.avsc`), when there is one. */
  contract?: string
}

/** A subject as laid out on disk: `subject.avsc` (one candidate) or `subject/N.avsc` (history); `.json` and `.proto` alike. */
export interface SubjectLayout {
  /** The subject name, percent-decoded from the file or folder name. */
  subject: string
  layout: 'file' | 'folder'
  /** The file or folder the subject comes from, relative to the root. */
  entry: string
  /** Version files, ascending; the last is the newest. */
  versions: VersionFile[]
  /** Layout problems of this subject (gaps, bad version names, ambiguity). */
  problems: FileProblem[]
}

/** What `scanLayout` found: subjects in name order, problems that belong to no subject, and empty folders (worth a warning). */
export interface WorkspaceLayout {
  root: string
  subjects: SubjectLayout[]
  problems: FileProblem[]
  /** Top-level folders with nothing in them: not subjects, but likely meant to be. */
  emptyFolders: string[]
  /** `.json` files that are no schema (no `$schema`, no `schemaType` in the config): reported, not read as subjects. */
  skipped: string[]
}

/**
 * The workspace root a schema file belongs to (absolute): `subject/3.avsc` lives in a subject
 * folder one level below the root; any other file lies in the root itself.
 */
export function workspaceRootOf(file: string): string {
  const path = resolve(file)
  return /^[1-9]\d*\.(avsc|json|proto)$/.test(basename(path)) ? dirname(dirname(path)) : dirname(path)
}

export type { EntryKind, FolderEntry } from './entry-list.js'
export { compactSubject } from './compact-subject.js'

/**
 * Where a workspace's folders are listed from: the file system by default, or a git tree.
 * `list` takes a folder relative to the root ('' for the root); it throws InputError when the
 * root cannot be listed, and any other error for a subfolder (reported as that subject's problem).
 */
export interface LayoutSource {
  list(folder: string): Promise<FolderEntry[]>
  /** The root's entries packed (`list('')` without an object per entry), when the source can list them so. */
  listRoot?(): Promise<EntryList>
}

/**
 * Another thread that lists a workspace's subject folders ahead of `scanLayout` (a check worker,
 * app/check/early-workers.ts): told the root's entries as soon as they are listed, then asked for
 * each subject folder's names in turn (undefined: not listed there, so listed here). Its listing
 * must be `readdirSync`'s of the same folder.
 */
export interface ListingHelper {
  rootListed(entries: EntryList): void
  folder(name: string): string[] | undefined
}

const SCHEMA_EXT = '.avsc'
/** The schema file extensions: Avro, JSON (JSON Schema, or Avro through the config) and Protobuf. */
export const SCHEMA_EXTENSIONS: readonly string[] = ['.avsc', '.json', '.proto']
/** `.json` files a workspace may hold that are never schemas: schemactl's own and the usual tooling files. */
const NOT_SCHEMA_FILES = new Set([
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'schemactl.config.json',
  'schemactl-export.json',
  'schemactl-id-map.json',
])

/** The schema extension `name` ends with, or undefined (a contract file is not a schema). */
export function schemaExtension(name: string): string | undefined {
  if (name.endsWith(CONTRACT_EXT) || NOT_SCHEMA_FILES.has(name)) return undefined
  return SCHEMA_EXTENSIONS.find((ext) => name.endsWith(ext) && name.length > ext.length)
}
/** A version's data contract lives beside it: `3.contract.json` for `3.avsc`, `orders-value.contract.json` for `orders-value.avsc`. */
const CONTRACT_EXT = '.contract.json'
const VERSION_NAME = /^[1-9]\d*$/

/**
 * Lists the subjects of a workspace folder (README.md, "Workspace layout"). Reads only
 * directory listings, not schema files. Throws UsageError when the folder does not exist,
 * InputError when it cannot be read or holds no schema at all (unless `allowEmpty`); every
 * other problem is returned, attached to its subject when it has one.
 */
export async function scanLayout(
  root: string,
  options: { allowEmpty?: boolean; source?: LayoutSource; gaps?: ExportGaps; helper?: ListingHelper } & ReadOptions = {},
): Promise<WorkspaceLayout> {
  const source = options.source ?? fileSystemLayout(root, options)
  const entries = source.listRoot !== undefined ? await source.listRoot() : EntryList.of(await source.list(''))
  options.helper?.rootListed(entries)
  // Each subject is packed as it is found (compact-subject.ts): 200,000 subjects as objects in a map are ~45 MB live at once.
  const pack = new SubjectPack()
  const problems: FileProblem[] = []
  const emptyFolders: string[] = []
  const contractFiles: string[] = []
  // Positions sorted, not entries: no object per entry (entry-list.ts).
  const names = entries.names
  const order = new Uint32Array(names.length)
  let shown = 0
  for (let i = 0; i < names.length; i++) if (!names[i].startsWith('.')) order[shown++] = i
  order.subarray(0, shown).sort((a, b) => compareNames(names[a], names[b]))
  for (const at of order.subarray(0, shown)) {
    const name = names[at]
    const kind = entries.kind(at)
    if (typeof kind !== 'string') {
      problems.push({ ...kind, file: name })
      continue
    }
    const extension = schemaExtension(name)
    const isSchemaFile = extension !== undefined
    if (kind === 'file' && name.endsWith(CONTRACT_EXT)) contractFiles.push(name)
    if (kind !== 'folder' && !isSchemaFile) continue
    if (kind === 'other') {
      problems.push({ code: 'FILE_UNREADABLE', file: name, message: 'is not a regular file or folder' })
      continue
    }
    // A folder may be named like a `.json` or `.proto` file: a Protobuf subject named after its import path (`money.proto/1.proto`).
    if (kind === 'folder' && extension === SCHEMA_EXT) {
      problems.push({ code: 'FILE_UNREADABLE', file: name, message: 'is a folder, not a schema file (a subject folder is named without .avsc)' })
      continue
    }
    const subject = decodeSubject(kind === 'file' ? name.slice(0, -(extension as string).length) : name)
    const found = kind === 'file' ? fileSubject(subject, name) : await folderSubject(source, subject, name, emptyFolders, options.gaps?.get(subject))
    if (found !== undefined) pack.add(found)
  }
  const subjects = subjectsByName(pack)
  for (const file of contractFiles) {
    const at = subjects.find(decodeSubject(file.slice(0, -CONTRACT_EXT.length)))
    if (at === undefined) {
      problems.push({ code: 'CONTRACT_WITHOUT_SCHEMA', file, message: `has no schema file ${file.slice(0, -CONTRACT_EXT.length)}${SCHEMA_EXT} beside it` })
      continue
    }
    // A packed subject is replaced, not changed: it is made anew each time it is read.
    const owner = pack.get(at)
    const message = `is beside the subject folder ${owner.entry}/: put each version's contract in that folder (1.contract.json beside 1.avsc)`
    pack.replace(
      at,
      owner.layout === 'file'
        ? { ...plainLayout(owner), versions: [{ ...owner.versions[0], contract: file }] }
        : { ...plainLayout(owner), problems: [...owner.problems, { code: 'CONTRACT_WITHOUT_SCHEMA', file, message }] },
    )
  }
  if (subjects.order.length === 0 && problems.length === 0 && options.allowEmpty !== true) {
    throw new InputError(`${root}: no schemas found`, {
      code: 'EMPTY_WORKSPACE',
      hint: 'A workspace holds subject.avsc (.json, .proto) files or subject folders of 1.avsc, 2.avsc, …',
    })
  }
  return { root, subjects: pack.list(subjects.order), problems, emptyFolders, skipped: [] }
}

/**
 * The positions of `pack`'s subjects in name order, one per name: when two entries define one
 * subject (`s.avsc` and `s/`, or two encodings of one name) the history is kept (the folder, else
 * the first) and the clash is its problem. `find` looks a subject up by name among them.
 */
function subjectsByName(pack: SubjectPack): { order: Uint32Array; find(subject: string): number | undefined } {
  const all = new Uint32Array(pack.length)
  let sorted = true
  for (let i = 0; i < all.length; i++) {
    all[i] = i
    if (i > 0 && pack.compare(i - 1, i) >= 0) sorted = false
  }
  // Entries come in file-name order, most often their subjects' too: then no sort is needed.
  if (!sorted) all.sort((a, b) => pack.compare(a, b) || a - b)
  const order = new Uint32Array(all.length)
  let count = 0
  for (let i = 0; i < all.length; i++) {
    if (count === 0 || pack.compare(order[count - 1], all[i]) !== 0) {
      order[count++] = all[i]
      continue
    }
    const existing = pack.get(order[count - 1])
    const layout = pack.get(all[i])
    const keep = existing.layout === 'folder' ? order[count - 1] : all[i]
    const kept = keep === all[i] ? layout : existing
    pack.replace(keep, {
      ...plainLayout(kept),
      problems: [
        ...kept.problems,
        { code: 'AMBIGUOUS_SUBJECT', file: layout.entry, message: `defines subject '${layout.subject}' again (also ${existing.entry}); keep one of them` },
      ],
    })
    order[count - 1] = keep
  }
  const named = order.subarray(0, count)
  const find = (subject: string): number | undefined => {
    let [low, high] = [0, count - 1]
    while (low <= high) {
      const mid = (low + high) >>> 1
      const name = pack.subject(named[mid])
      if (name === subject) return named[mid]
      if (name < subject) low = mid + 1
      else high = mid - 1
    }
    return undefined
  }
  return { order: named, find }
}

/** The subject a top-level entry (or a file below it) would define: `s.avsc` and `s/` both define `s`. */
export function subjectOfEntry(file: string): string {
  const entry = file.split('/')[0]
  const extension = file.includes('/') ? undefined : schemaExtension(entry)
  return decodeSubject(extension !== undefined ? entry.slice(0, -extension.length) : entry)
}

/** Decodes a percent-encoded subject name (`%2F` → `/`); a malformed escape is kept as written. */
export function decodeSubject(name: string): string {
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/** Encodes a subject name for use as a file or folder name (the inverse of `decodeSubject`). */
export function subjectFileName(subject: string): string {
  return subject.replace(/[%/\\:*?"<>|\0]/g, (ch) => '%' + ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
}

/**
 * The file system as a layout source: folders listed with `readdir`, links followed with `stat`.
 * A top-level link that leads outside the root is a problem when it is a schema file or a folder
 * holding schema files (and is skipped otherwise, as any folder without schemas is), unless
 * `followExternalLinks`; version files are checked when they are read (read-file.ts).
 */
export function fileSystemLayout(root: string, options: ReadOptions & { helper?: ListingHelper } = {}): LayoutSource {
  const listRoot = async (): Promise<EntryList> => {
    const listed = listFolder(root)
    const realRoot = options.followExternalLinks === true ? undefined : await realpath(root).catch(() => resolve(root))
    // Only a link needs a look at what it leads to: a promise for each of 100,000 plain entries is garbage that outlives the listing.
    await Promise.all(listed.links.map(([at, link]) => entryKind(root, link, realRoot).then((kind) => listed.entries.setKind(at, kind))))
    return listed.entries
  }
  return {
    async list(folder) {
      // Synchronous: a subject folder is one small listing, and a thread-pool round trip for each costs twice the CPU (20,000 folders: ~0.7 s).
      if (folder !== '') return (options.helper?.folder(folder) ?? readdirSync(join(root, folder))).map((name) => ({ name, kind: 'other' }))
      const entries = await listRoot()
      return entries.names.map((name, i) => ({ name, kind: entries.kind(i) }))
    },
    listRoot,
  }
}

/**
 * The root's entries, read a few at a time (a `Dirent` lives only until its kind is noted: 100,000
 * of them at once are ~14 MB), and its symbolic links by position (their kinds to be found).
 * Synchronous: one system call per batch, quicker than `readdir` and its promise.
 */
function listFolder(root: string): { entries: EntryList; links: Array<[number, Dirent]> } {
  const entries = new EntryList()
  const links: Array<[number, Dirent]> = []
  let dir: Dir | undefined
  try {
    dir = opendirSync(root, { bufferSize: 256 })
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
      const at = entries.add(e.name, e.isDirectory() ? 'folder' : e.isFile() ? 'file' : 'other')
      if (e.isSymbolicLink()) links.push([at, e])
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const hint = 'Pass the folder that holds your .avsc files.'
    // A folder that is not there was mistyped (a bad argument, exit 2); one that cannot be read is bad input (exit 5).
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new UsageError(`${root}: ${code === 'ENOENT' ? 'no such folder' : 'not a folder'}`, { code: 'WORKSPACE_NOT_FOUND', hint, cause: err })
    throw new InputError(`${root}: cannot be read (${code ?? String(err)})`, { code: 'WORKSPACE_UNREADABLE', hint, cause: err })
  } finally {
    dir?.closeSync()
  }
  return { entries, links }
}

/**
 * 'file' or 'folder', following symbolic links; a problem when the link is dangling or loops, or
 * (with `realRoot`, the root's real path) leads outside the root to a schema file or a folder
 * holding schema files. An outside folder without schema files is 'other': not a subject.
 */
async function entryKind(dir: string, entry: Dirent, realRoot: string | undefined): Promise<EntryKind> {
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other'
  const path = join(dir, entry.name)
  try {
    const target = await stat(path)
    const kind = target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other'
    if (realRoot === undefined) return kind
    const real = await realpath(path)
    if (real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) return kind
    // `.json` files are everywhere (a link to /tmp, to a project): only .avsc and .proto files say a folder holds schemas.
    if (kind === 'folder' && !(await readdir(real)).some((name) => /\.(avsc|proto)$/.test(name) && !name.startsWith('.'))) return 'other'
    return outsideProblem(real)
  } catch (err) {
    return accessProblem(err)
  }
}

function fileSubject(subject: string, name: string): SubjectLayout {
  return { subject, layout: 'file', entry: name, versions: [{ version: 1, file: name }], problems: [] }
}

async function folderSubject(
  source: LayoutSource,
  subject: string,
  name: string,
  emptyFolders: string[],
  acceptedGaps: ReadonlySet<number> = new Set(),
): Promise<SubjectLayout | undefined> {
  let entries: string[]
  try {
    // Only names matter here: a version file's kind shows when it is read.
    entries = (await source.list(name)).map((e) => e.name)
  } catch (err) {
    const problem = accessProblem(err)
    return { subject, layout: 'folder', entry: name, versions: [], problems: [{ ...problem, file: name }] }
  }
  // A `.json` file in a folder is a version only when named as one: folders of other JSON files (docs, fixtures) are no subjects.
  const schemaFiles = entries.filter(
    (f) => schemaExtension(f) !== undefined && !f.startsWith('.') && (!f.endsWith('.json') || VERSION_NAME.test(f.slice(0, -'.json'.length))),
  )
  // A folder without any .avsc file is not a subject (docs, scripts, …); an empty one is likely a subject not yet written.
  if (schemaFiles.length === 0) {
    if (!entries.some((e) => !e.startsWith('.'))) emptyFolders.push(name)
    return undefined
  }
  const versions: VersionFile[] = []
  const problems: FileProblem[] = []
  for (const file of schemaFiles) {
    const stem = file.slice(0, -(schemaExtension(file) as string).length)
    if (!VERSION_NAME.test(stem)) {
      problems.push({
        code: 'VERSION_NAME',
        file: `${name}/${file}`,
        message: 'is not a version number: name version files 1.avsc, 2.avsc, … (the highest is the newest)',
      })
    } else if (versions.some((v) => v.version === Number(stem))) {
      problems.push({
        code: 'AMBIGUOUS_SUBJECT',
        file: `${name}/${file}`,
        message: `is version ${stem} again (${versions.find((v) => v.version === Number(stem))?.file} too): keep one file per version`,
      })
    } else {
      versions.push({ version: Number(stem), file: `${name}/${file}` })
    }
  }
  versions.sort((a, b) => a.version - b.version)
  for (const file of entries.filter((f) => f.endsWith(CONTRACT_EXT) && !f.startsWith('.'))) {
    const version = versions.find((v) => `${v.version}${CONTRACT_EXT}` === file)
    if (version !== undefined) version.contract = `${name}/${file}`
    else
      problems.push({
        code: 'CONTRACT_WITHOUT_SCHEMA',
        file: `${name}/${file}`,
        message: `has no schema file ${file.slice(0, -CONTRACT_EXT.length)}${SCHEMA_EXT} (.json, .proto) beside it`,
      })
  }
  const missing = missingVersions(
    versions.map((v) => v.version),
    acceptedGaps,
  )
  if (missing.length > 0) {
    problems.push({
      code: 'VERSION_GAP',
      file: name,
      message: `versions are not contiguous: ${missing.length === 1 ? 'version' : 'versions'} ${missing.join(', ')} missing (found ${versions.map((v) => v.version).join(', ')})`,
    })
  }
  return { subject, layout: 'folder', entry: name, versions, problems }
}

// The numbers below the highest version that have no file, except the gaps an export recorded.
function missingVersions(sorted: number[], accepted: ReadonlySet<number>): number[] {
  const missing: number[] = []
  let expected = 1
  for (const v of sorted) {
    // Cap the list so a file named 1000000.avsc does not produce a million numbers.
    for (; expected < v && missing.length < 20; expected++) if (!accepted.has(expected)) missing.push(expected)
    expected = v + 1
  }
  return missing
}
