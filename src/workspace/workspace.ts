import { type NamedSchema, type ParsedSchema } from '../engine/index.js'
import { avroFormat } from '../engine/formats/index.js'
import type { SchemaFormat, SchemaType } from '../engine/formats/index.js'
import { formatFor } from '../engine/formats/index.js'
import { offsetToPosition } from '../engine/schema/index.js'
import { parseSchemaDocument } from '../engine/schema/index.js'
import { locatePointer, readJsonText } from '../engine/schema/index.js'
import { InternalError } from '../errors.js'
import { readContractFile, type VersionContract } from './contract-file.js'
import { readExportGaps } from './export-gaps.js'
import type { FileProblem } from './findings.js'
import { packSubjects, plainLayout } from './compact-subject.js'
import { scanLayout, type LayoutSource, type ListingHelper, type SubjectLayout, type WorkspaceLayout } from './layout.js'
import { jsonFileType, jsonSchemaId, LinkResolver, schemaLinks, typeByExtension } from './linked-schemas.js'
import { MAX_SCHEMA_DEPTH, scanNames, type NameUse } from './names.js'
import { workspaceFileReader, type ReadOptions, type ReadResult } from './read-file.js'

/**
 * Another file a schema uses (Avro: a named type it defines; JSON Schema: the file a `$ref` names;
 * Protobuf: an imported file): on registration it becomes a schema reference.
 */
export interface TypeReference {
  /** The reference's name: an Avro type's full name, a `$ref` value without its fragment, an import path. */
  name: string
  /** Subject and file that define it. */
  subject: string
  file: string
  /** The defining file's text, for placing findings inside the type at its line:col. */
  text?: string
}

/** A valid schema of any type: its format and the format's parsed form. */
export interface FormatSchema {
  readonly format: SchemaFormat<unknown>
  readonly value: unknown
}

/** One version file of a subject, parsed: `schema` (and for Avro `parsed`) when valid, else its problems. */
export interface SchemaVersion {
  version: number
  /** Relative to the workspace root. */
  file: string
  /** The file's schema type: by extension, a `.json` file's by the config or its `$schema`. */
  schemaType: SchemaType
  /** The parsed schema of any type, when valid. */
  schema?: FormatSchema
  /** The Avro engine's parse (Avro files only), when valid. */
  parsed?: ParsedSchema
  /** The file's text while the subject is loaded (for placing findings at line:col). */
  text?: string
  problems: FileProblem[]
  references: TypeReference[]
  /** The version's contract file (`3.contract.json`), when it has one; its problems are among `problems`. */
  contract?: VersionContract
  /**
   * True when reading and parsing this file consulted no other file of the workspace: it names no
   * type, `$ref` or import outside itself (resolved or not), so its outcome depends on its bytes,
   * its schema type and the reading options alone (what a verdict cache may key on).
   */
  standalone?: boolean
}

/** A subject with every version file read and parsed (oldest first). */
export interface LoadedSubject {
  subject: string
  layout: SubjectLayout
  versions: SchemaVersion[]
}

/** Options of `openWorkspace` (`followExternalLinks`: see ReadOptions). */
export interface WorkspaceOptions extends ReadOptions {
  /** Check field defaults (default true). False for a baseline the registry already holds. */
  validateDefaults?: boolean
  /** Accept a folder without schemas (a baseline of a registry with no subjects yet). */
  allowEmpty?: boolean
  /** Where folders are listed and files read (default: the file system under `root`). */
  source?: WorkspaceSource
  /** The schema type the config gives a subject's `.json` files (else `$schema` marks JSON Schema, and other `.json` files are skipped). */
  schemaTypeOf?: (subject: string) => SchemaType | undefined
  /** The workspace's layout as another opening of it found it (a check worker's): the folders are not listed again. */
  layout?: WorkspaceLayout
  /** Another thread that lists the subject folders ahead (layout.ts); not used with `source`. */
  helper?: ListingHelper
}

/** A workspace's folders and files from somewhere other than the file system (e.g. a git tree). */
export interface WorkspaceSource extends LayoutSource {
  /** Reads a file relative to the root, as `readSchemaFile` does; never throws. */
  read(file: string): ReadResult
  /** The schema references a file states (a registry's): reference name → subject, used before any other way of finding them. */
  references?(file: string): ReadonlyArray<{ name: string; subject: string }>
}

/** An opened workspace: its layout and a loader for one subject at a time (so memory stays bounded). */
export interface Workspace {
  root: string
  layout: WorkspaceLayout
  /**
   * Reads and parses one subject's files, resolving named types defined in other files. Never
   * throws for bad input. `texts`: files already read with `read` (each used once, not read again).
   */
  loadSubject(subject: SubjectLayout, texts?: ReadonlyMap<string, ReadResult>): Promise<LoadedSubject>
  /** Reads one file (relative to the root) exactly as `loadSubject` would: its text or its problem. Never throws. */
  read(file: string): ReadResult
  /** The schema type a subject's file is read as: by extension, a `.json` file's by the config or its subject's `$schema`. */
  typeOf(file: string, subject: string): SchemaType
}

/** What is known of a file's names: those it defines and uses, or why it cannot be used. */
interface FileIndex {
  subject: string
  defined: string[]
  rootName?: string
  external: NameUse[]
  problem?: FileProblem
}

/** A file read and scanned: its index entry and, when readable as JSON, its text and value. */
interface Inspected {
  entry: FileIndex
  text?: string
  value?: unknown
}

const CIRCULAR = 'circular references between files cannot be registered'

function isCycle(problem: FileProblem): boolean {
  return problem.code === 'UNRESOLVED_REFERENCE' && problem.message.endsWith(CIRCULAR)
}

/** Texts of newest versions kept between the two passes, so they are read once (a byte budget bounds it). */
const TEXT_CACHE_BYTES = 32 * 1024 * 1024

type ParseOutcome = { parsed?: ParsedSchema; schema?: FormatSchema; text?: string; problems: FileProblem[]; references: TypeReference[]; standalone?: boolean }

/** A JSON Schema or Protobuf file parsed, with the texts of every workspace file it needs (by reference name). */
type LinkedOutcome = ParseOutcome & { dependencies: Record<string, string> }

/**
 * Opens a workspace folder: lists its subjects and, when the first file that uses another file
 * is parsed, indexes the named types that the newest version of every subject defines (only those
 * can be used from other files) and the JSON Schema and Protobuf files that can be linked to. A
 * name a file uses but does not define resolves to the newest version of another subject that
 * defines it (preferring one whose root type it is, then the first subject by name). Throws
 * InputError only when the folder itself cannot be read or holds no schema, UsageError when it
 * does not exist.
 */
export async function openWorkspace(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
  const validateDefaults = options.validateDefaults ?? true
  const readFile = options.source?.read ?? workspaceFileReader(root, options)
  // An export of a registry keeps its deleted versions' numbers free: the gaps it recorded are not VERSION_GAP.
  const layout =
    options.layout ??
    (await scanLayout(root, {
      allowEmpty: options.allowEmpty,
      source: options.source,
      followExternalLinks: options.followExternalLinks,
      gaps: readExportGaps(readFile),
      helper: options.source === undefined ? options.helper : undefined,
    }))
  const inspectFile = (subject: string, file: string, text?: string) => inspect(readFile, subject, file, text)
  const index = new Map<string, FileIndex>()
  const texts = new TextCache(TEXT_CACHE_BYTES)
  const owners = new Map<string, Owner[]>()
  const jsonTypes = classifyJsonFiles(layout, readFile, texts, options.schemaTypeOf)
  const typeOf = (file: string, subject: string): SchemaType => {
    const type = typeByExtension(file)
    return type === 'json' ? (jsonTypes.get(subject) ?? 'JSON') : type
  }
  const linker = new LinkResolver()
  let conflicts = new Map<string, Array<Owner & { shape?: string }>>()
  const providerOf = (name: string, subject: string) => {
    const candidates = (owners.get(name) ?? []).filter((o) => o.subject !== subject)
    return candidates.find((o) => o.isRoot) ?? candidates[0]
  }

  /** The files a file takes named types from, by the name each use resolves to. */
  const dependencies = (entry: FileIndex) => {
    const out = new Map<string, { use: NameUse; owner: { file: string; subject: string } }>()
    for (const use of entry.external) {
      // A name no file defines is left to the engine, which reports it at its place.
      const name = use.candidates.find((c) => providerOf(c, entry.subject) !== undefined)
      if (name !== undefined && !out.has(name)) out.set(name, { use, owner: providerOf(name, entry.subject) as { file: string; subject: string } })
    }
    return out
  }
  let cyclic = new Set<string>()
  let indexed = false

  /**
   * The index of what other files can use: reads the newest version of every subject. Built on
   * first need, so a workspace whose files stand alone never reads its files twice (and each
   * check worker of a large one does not repeat it: app/check/threads.ts).
   */
  function indexNames(): void {
    if (indexed) return
    indexed = true
    for (const s of layout.subjects) {
      const newest = s.versions[s.versions.length - 1]
      if (newest === undefined) continue
      const type = typeOf(newest.file, s.subject)
      if (type !== 'AVRO') {
        const read = readCached(newest.file)
        if (read.ok) texts.put(newest.file, read.text)
        linker.add(s, type, type === 'JSON' && read.ok ? jsonSchemaId(read.text) : undefined)
        continue
      }
      const { entry, text } = inspectFile(s.subject, newest.file, texts.take(newest.file))
      index.set(newest.file, entry)
      if (text !== undefined) texts.put(newest.file, text)
      for (const name of entry.defined) {
        const list = owners.get(name) ?? []
        list.push({ file: newest.file, subject: s.subject, isRoot: entry.rootName === name })
        owners.set(name, list)
      }
    }
    conflicts = conflictingDefinitions(owners, (owner) => inspect(readFile, owner.subject, owner.file))
    cyclic = filesOnCycles([...index.keys()], (file) => [...dependencies(index.get(file) as FileIndex).values()].map((d) => d.owner.file))
  }
  const providers = new Map<string, Promise<ParseOutcome>>()
  const linked = new Map<string, LinkedOutcome>()
  let parsingDependency = false

  function readCached(file: string): ReadResult {
    const text = texts.take(file)
    return text !== undefined ? { ok: true, text } : readFile(file)
  }

  /**
   * Parses a JSON Schema or Protobuf file with the workspace files it links to (parsed first, each
   * once); a link back to a file being parsed is a circular reference, which cannot be registered.
   */
  function parseLinked(file: string, type: SchemaType, open: Set<string>): LinkedOutcome {
    const known = linked.get(file)
    if (known !== undefined) return known
    const format = formatFor(type) as SchemaFormat<unknown>
    const read = readCached(file)
    if (!read.ok) return remember(file, { problems: [read.problem], references: [], dependencies: {}, standalone: true })
    const text = read.text
    const fromId = type === 'JSON' ? jsonSchemaId(text) : undefined
    const dependencies: Record<string, string> = {}
    const references: TypeReference[] = []
    const links = schemaLinks(type, text)
    // Without links nothing outside the file was looked up (not even a link that resolves to nothing).
    const standalone = links.length === 0
    if (!standalone) indexNames()
    open.add(file)
    try {
      for (const link of links) {
        const stated = options.source?.references?.(file).find((r) => r.name === link.name)
        const target = stated !== undefined ? linker.ofSubject(type, stated.subject) : linker.resolve(type, file, link.name, fromId)
        if (target === undefined) continue
        const at = offsetToPosition(text, link.offset)
        const what = type === 'JSON' ? `$ref '${link.name}'` : `import "${link.name}"`
        if (open.has(target.file)) {
          const message = `${what} names ${target.file}, which leads back to this file: ${CIRCULAR}`
          return remember(file, { problems: [{ code: 'UNRESOLVED_REFERENCE', file, message, ...at }], text, references: [], dependencies: {} })
        }
        const outer = parsingDependency
        parsingDependency = true
        const dep = parseLinked(target.file, type, open)
        parsingDependency = outer
        if (dep.schema === undefined || dep.text === undefined) {
          const cycle = dep.problems.some(isCycle)
          const message = cycle ? `${what} names ${target.file}, which leads back to this file: ${CIRCULAR}` : `${what} names ${target.file}, which is invalid`
          return remember(file, { problems: [{ code: 'UNRESOLVED_REFERENCE', file, message, ...at }], text, references: [], dependencies: {} })
        }
        for (const [name, depText] of Object.entries(dep.dependencies)) if (!(name in dependencies)) dependencies[name] = depText
        dependencies[link.name] = dep.text
        references.push({ name: link.name, subject: target.subject, file: target.file, text: dep.text })
      }
    } finally {
      open.delete(file)
    }
    let result
    try {
      result = format.parse(text, dependencies)
    } catch (err) {
      if (err instanceof RangeError)
        return remember(file, {
          problems: [{ code: 'NESTED_TOO_DEEP', file, message: 'is nested too deeply to parse' }],
          text,
          references: [],
          dependencies: {},
          standalone,
        })
      throw new InternalError(`${file}: the ${type} schema parser failed: ${(err as Error).message}`, { cause: err })
    }
    if (!result.ok) {
      const problems = result.errors.map((e): FileProblem => {
        const position = e.line !== undefined ? { line: e.line, column: e.column ?? 1 } : undefined
        const code = /nested too deeply/i.test(e.message) ? 'NESTED_TOO_DEEP' : 'INVALID_SCHEMA'
        return { code, file, message: e.message, ...(e.path !== '' ? { path: e.path } : {}), ...(position ?? {}) }
      })
      return remember(file, { problems, text, references: [], dependencies: {}, standalone })
    }
    // Links the engine did not need (text that only looks like one) are no references; a second name for a used file is kept, as the registry resolves each name it meets.
    const used = new Set(format.references(result.value))
    const usedFiles = new Set(references.filter((r) => used.has(r.name)).map((r) => r.file))
    const direct = references.filter((r) => used.has(r.name) || usedFiles.has(r.file))
    return remember(file, { schema: { format, value: result.value }, text, problems: [], references: direct, dependencies, standalone })
  }

  function remember(file: string, outcome: LinkedOutcome): LinkedOutcome {
    // A file on a cycle is reported from wherever the walk starts, so each file of the cycle names the next one: not kept.
    if (outcome.problems.some(isCycle)) return outcome
    // Only files parsed as another file's dependency are kept (they are used again); the rest would hold every parsed version in memory.
    if (parsingDependency) linked.set(file, outcome)
    return outcome
  }

  async function parseFile(file: string, subject: string): Promise<ParseOutcome> {
    const type = typeOf(file, subject)
    if (type !== 'AVRO') {
      const { dependencies: _, ...outcome } = parseLinked(file, type, new Set())
      return outcome
    }
    // The first pass's entry, when it ran, has the problem of a newest file; inspecting it again finds the same.
    const known = index.get(file)
    if (known?.problem) return { problems: [known.problem], references: [], standalone: true }
    const { entry, text, value } = inspectFile(subject, file, texts.take(file))
    if (entry.problem) return { problems: [entry.problem], text, references: [], standalone: true }
    const source = text as string
    const at = (path: string) => ({ path, ...locatePointer(source, path) })
    const namedTypes: NamedSchema[] = []
    const references: TypeReference[] = []
    if (entry.external.length > 0) indexNames()
    for (const [name, { use, owner }] of dependencies(entry)) {
      if (cyclic.has(file) && cyclic.has(owner.file)) {
        const message = `uses '${name}' from ${owner.file}, which depends back on this file: circular references between files cannot be registered`
        return { problems: [{ code: 'UNRESOLVED_REFERENCE', file, message, ...at(use.path) }], text, references }
      }
      const rivals = conflicts.get(name)?.filter((o) => o.subject !== subject)
      if (rivals !== undefined && new Set(rivals.map((o) => o.shape)).size > 1) {
        const files = rivals.map((o) => o.file)
        const message = `uses '${name}', which ${files.slice(0, -1).join(', ')} and ${files[files.length - 1]} define differently: make the definitions identical or keep one`
        return { problems: [{ code: 'CONFLICTING_DEFINITION', file, message, ...at(use.path) }], text, references }
      }
      const defining = await provider(owner.file, owner.subject)
      const type = defining.parsed?.definedTypes.get(name)
      if (type === undefined) {
        return {
          problems: [{ code: 'UNRESOLVED_REFERENCE', file, message: `uses '${name}' from ${owner.file}, which is invalid`, ...at(use.path) }],
          text,
          references,
        }
      }
      namedTypes.push(type)
      references.push({ name, subject: owner.subject, file: owner.file, ...(defining.text !== undefined ? { text: defining.text } : {}) })
    }
    const parsed = parseInspected(file, source, value, validateDefaults, namedTypes)
    // A name used but defined nowhere is looked up too (another file may come to define it): only a file that uses none stands alone.
    const standalone = entry.external.length === 0
    return { ...parsed, ...(parsed.parsed ? { schema: { format: avroFormat as SchemaFormat<unknown>, value: parsed.parsed } } : {}), references, standalone }
  }

  function provider(file: string, subject: string): Promise<ParseOutcome> {
    let outcome = providers.get(file)
    if (outcome === undefined) {
      outcome = parseFile(file, subject)
      providers.set(file, outcome)
    }
    return outcome
  }

  async function loadSubject(subject: SubjectLayout, given?: ReadonlyMap<string, ReadResult>): Promise<LoadedSubject> {
    for (const [file, read] of given ?? []) if (read.ok) texts.put(file, read.text)
    const versions = await Promise.all(
      subject.versions.map(async (v): Promise<SchemaVersion> => {
        const outcome = await (providers.get(v.file) ?? parseFile(v.file, subject.subject))
        const schemaType = typeOf(v.file, subject.subject)
        if (v.contract === undefined) return { version: v.version, file: v.file, schemaType, ...outcome }
        const { contract, problems } = readContractFile(readFile, v.contract)
        return { version: v.version, file: v.file, schemaType, ...outcome, problems: [...outcome.problems, ...problems], contract }
      }),
    )
    return { subject: subject.subject, layout: subject, versions }
  }

  return { root, layout, loadSubject, read: readFile, typeOf }
}

/**
 * The type of each subject's `.json` files: the config's (`schemaTypeOf`), else JSON Schema when
 * its newest `.json` file says `$schema`. A subject whose `.json` files are neither loses them
 * (they go to `layout.skipped`, and a subject left without versions leaves the layout): a `.json`
 * file may be anything, so one that is not a schema is reported, not read as Avro.
 */
function classifyJsonFiles(
  layout: WorkspaceLayout,
  readFile: (file: string) => ReadResult,
  texts: TextCache,
  schemaTypeOf?: (subject: string) => SchemaType | undefined,
): Map<string, SchemaType> {
  const types = new Map<string, SchemaType>()
  // Subjects that lose their `.json` files, by position (undefined: left without versions); the list is remade only when there are any.
  const changed = new Map<number, SubjectLayout | undefined>()
  layout.subjects.forEach((s, i) => {
    // A compact subject's files all have the extension of its entry: most subjects need no list of their versions here.
    if (s.layout === 'file' ? !s.entry.endsWith('.json') : !s.versions.some((v) => v.file.endsWith('.json'))) return
    const json = s.versions.filter((v) => v.file.endsWith('.json'))
    let type = schemaTypeOf?.(s.subject)
    if (type === undefined) {
      const newest = json[json.length - 1]
      const read = readFile(newest.file)
      // An unreadable file stays, so its problem is reported where it is.
      type = read.ok ? jsonFileType(read.text) : 'JSON'
      if (read.ok && type !== undefined) texts.put(newest.file, read.text)
    }
    if (type !== undefined) {
      types.set(s.subject, type)
      return
    }
    layout.skipped.push(...json.map((v) => v.file))
    const versions = s.versions.filter((v) => !v.file.endsWith('.json'))
    changed.set(i, versions.length > 0 ? { ...plainLayout(s), versions } : undefined)
  })
  if (changed.size > 0) layout.subjects = packSubjects(layout.subjects.flatMap((s, i) => (changed.has(i) ? (changed.get(i) ?? []) : [s])))
  return types
}

/**
 * Texts kept from the first pass so the second does not read the files again, up to a byte
 * budget (beyond it files are simply read twice). A text leaves the cache when it is taken.
 */
class TextCache {
  private readonly texts = new Map<string, string>()
  private bytes = 0
  constructor(private readonly budget: number) {}

  put(file: string, text: string): void {
    if (this.texts.has(file) || this.bytes + text.length > this.budget) return
    this.texts.set(file, text)
    this.bytes += text.length
  }

  take(file: string): string | undefined {
    const text = this.texts.get(file)
    if (text !== undefined) {
      this.texts.delete(file)
      this.bytes -= text.length
    }
    return text
  }
}

type Owner = { file: string; subject: string; isRoot: boolean }

/**
 * Names that several subjects' files define, with each defining file and the shape of its
 * definition (JSON without `doc`, which Avro's equality ignores): different shapes conflict.
 * Only those files are read again, so a workspace without shared names pays nothing.
 */
function conflictingDefinitions(owners: ReadonlyMap<string, Owner[]>, reread: (owner: Owner) => Inspected): Map<string, Array<Owner & { shape?: string }>> {
  const out = new Map<string, Array<Owner & { shape?: string }>>()
  const values = new Map<string, unknown>()
  for (const [name, list] of owners) {
    if (new Set(list.map((o) => o.subject)).size < 2) continue
    out.set(
      name,
      list.map((owner) => {
        if (!values.has(owner.file)) values.set(owner.file, reread(owner).value)
        return { ...owner, shape: definitionShape(values.get(owner.file), name) }
      }),
    )
  }
  return out
}

/** The definition of `name` in a schema's JSON as stable text (keys sorted, docs left out), or undefined when not found. */
function definitionShape(json: unknown, name: string): string | undefined {
  const at = scanNames(json).defined.get(name)
  if (at === undefined) return undefined
  let node = json
  for (const key of at.split('/').slice(1)) node = (node as Record<string, unknown>)[key]
  return stableText(node)
}

function stableText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableText).join(',')}]`
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  const object = value as Record<string, unknown>
  return `{${Object.keys(object)
    .filter((k) => k !== 'doc')
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableText(object[k])}`)
    .join(',')}}`
}

/** The files that lie on a dependency cycle (iterative depth-first search; back edges mark the cycle). */
function filesOnCycles(files: string[], next: (file: string) => string[]): Set<string> {
  const cyclic = new Set<string>()
  const state = new Map<string, 'open' | 'done'>()
  for (const start of files) {
    if (state.has(start)) continue
    const path: string[] = []
    const stack: Array<{ file: string; edges: string[] }> = []
    const enter = (file: string) => {
      state.set(file, 'open')
      path.push(file)
      stack.push({ file, edges: next(file) })
    }
    enter(start)
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      const edge = top.edges.pop()
      if (edge === undefined) {
        state.set(top.file, 'done')
        stack.pop()
        path.pop()
      } else if (state.get(edge) === 'open') {
        for (const f of path.slice(path.indexOf(edge))) cyclic.add(f)
      } else if (!state.has(edge)) {
        enter(edge)
      }
    }
  }
  return cyclic
}

/**
 * One file read and parsed alone, through the same steps as in a workspace (read, JSON, nesting,
 * Avro) but without named types from other files: `parsed`, or the file's problems (with its text
 * and JSON value when it got that far). Never throws for bad input.
 */
export function parseFileAlone(
  readFile: (file: string) => ReadResult,
  file: string,
  validateDefaults = true,
): { parsed?: ParsedSchema; text?: string; value?: unknown; problems: FileProblem[] } {
  const { entry, text, value } = inspect(readFile, '', file)
  if (entry.problem) return { problems: [entry.problem], text }
  return { ...parseInspected(file, text as string, value, validateDefaults, []), value }
}

/** Parses a file's JSON `value` (read from `text`) with `namedTypes` usable by name: `parsed`, or its problems at their line:col. */
function parseInspected(
  file: string,
  text: string,
  value: unknown,
  validateDefaults: boolean,
  namedTypes: NamedSchema[],
): { parsed?: ParsedSchema; text: string; problems: FileProblem[] } {
  let result
  try {
    result = parseSchemaDocument(value, { validateDefaults, namedTypes }, text)
  } catch (err) {
    if (err instanceof RangeError) return { problems: [{ code: 'NESTED_TOO_DEEP', file, message: 'is nested too deeply to parse' }], text }
    throw new InternalError(`${file}: the schema parser failed: ${(err as Error).message}`, { cause: err })
  }
  if (result.ok) return { parsed: result, text, problems: [] }
  const problems = result.errors.map((e): FileProblem => {
    const position = e.line !== undefined ? { path: e.path, line: e.line, column: e.column ?? 1 } : { path: e.path, ...locatePointer(text, e.path) }
    return { code: 'INVALID_SCHEMA', file, message: e.message, ...position }
  })
  return { problems, text }
}

/** Reads (unless `text` is given), parses the JSON and scans the names of one file; never throws. */
function inspect(readFile: (file: string) => ReadResult, subject: string, file: string, text?: string): Inspected {
  const none = { subject, defined: [], external: [] }
  const read = text === undefined ? readFile(file) : { ok: true as const, text }
  if (!read.ok) return { entry: { ...none, problem: read.problem } }
  const json = readJsonText(read.text)
  if (!json.ok) return { entry: { ...none, problem: { code: 'INVALID_JSON', file, message: json.message, ...json.position } }, text: read.text }
  const scan = scanNames(json.value)
  if (scan.tooDeep) {
    const message = `is nested more than ${MAX_SCHEMA_DEPTH} levels deep (Avro's own JSON reader stops at ${MAX_SCHEMA_DEPTH} too)`
    return { entry: { ...none, problem: { code: 'NESTED_TOO_DEEP', file, message } } }
  }
  return { entry: { subject, defined: [...scan.defined.keys()], rootName: scan.rootName, external: scan.external }, text: read.text, value: json.value }
}
