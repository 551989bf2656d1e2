/**
 * JSON Schema and Protobuf files of a workspace: which type a file is, and the other workspace
 * files it uses. Those formats name other schemas by where they are (a `$ref` to another file's
 * `$id` or relative path, an `import "money.proto"`), not by the names of types they define as
 * Avro does (names.ts), so their links are found in the text and matched against files.
 */
import { posix } from 'node:path'
import type { SchemaType } from '../engine/formats/index.js'
import { isWellKnownImport } from '../engine/formats/index.js'
import type { SubjectLayout } from './layout.js'

/** The schema type of a file by its extension; a `.json` file's is decided by `jsonType`. */
export function typeByExtension(file: string): SchemaType | 'json' {
  return file.endsWith('.proto') ? 'PROTOBUF' : file.endsWith('.json') ? 'json' : 'AVRO'
}

/**
 * What a `.json` file holds when the config names no type for its subject: JSON Schema when it
 * is an object with `$schema` (how the registry's serializers and editors mark one), else
 * undefined (not a schema: reported as skipped).
 */
export function jsonFileType(text: string): SchemaType | undefined {
  // A cheap look first: a file that does not mention `$schema` is not one, whatever else it holds.
  if (!text.includes('"$schema"')) return undefined
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { $schema?: unknown }).$schema === 'string'
      ? 'JSON'
      : undefined
  } catch {
    // Invalid JSON that says `"$schema"` is meant to be a JSON Schema: the engine reports where it breaks.
    return 'JSON'
  }
}

/** A link from one schema file to another schema: the reference name as written, and where. */
export interface SchemaLink {
  /** The `$ref` value without its fragment, or the import path: the schema reference's `name`. */
  name: string
  /** Character offset of the link in the text. */
  offset: number
}

const REF = /"\$ref"\s*:\s*"([^"#]*)(?:#[^"]*)?"/g
const IMPORT = /^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;/gm

/** The other schemas a JSON Schema or Protobuf text names: `$ref`s outside the document, imports that are not bundled. */
export function schemaLinks(type: SchemaType, text: string): SchemaLink[] {
  const out = new Map<string, SchemaLink>()
  if (type === 'JSON') {
    for (const m of text.matchAll(REF)) if (m[1] !== '' && !out.has(m[1])) out.set(m[1], { name: m[1], offset: m.index })
  } else if (type === 'PROTOBUF') {
    for (const m of text.matchAll(IMPORT)) if (!isWellKnownImport(m[1]) && !out.has(m[1])) out.set(m[1], { name: m[1], offset: m.index + m[0].indexOf('"') })
  }
  return [...out.values()]
}

/** The `$id` (or draft-04 `id`) a JSON Schema text declares at its root, if any. */
export function jsonSchemaId(text: string): string | undefined {
  if (!/"\$?id"\s*:/.test(text)) return undefined
  try {
    const value = JSON.parse(text) as { $id?: unknown; id?: unknown }
    const id = typeof value.$id === 'string' ? value.$id : typeof value.id === 'string' ? value.id : undefined
    return id?.split('#')[0] || undefined
  } catch {
    return undefined
  }
}

/** A subject's newest file that other files can link to. */
export interface LinkTarget {
  subject: string
  file: string
  type: SchemaType
}

/**
 * Finds the workspace file a link names, among the newest versions of the subjects of its type:
 * JSON `$ref` by another file's `$id` (as written, or resolved against the linking file's `$id`),
 * then by path relative to the linking file or to the root, then by subject name (with or without
 * `.json`); a Protobuf import by the subject named by the import path (a `money.proto/` folder),
 * then the one named by the path without `.proto` (`money.proto`), then by path. Undefined when
 * nothing matches (the engine then reports the link at its place).
 */
export class LinkResolver {
  private readonly byFile = new Map<string, LinkTarget>()
  private readonly bySubject = new Map<string, LinkTarget>()
  private readonly byId = new Map<string, LinkTarget>()

  /** Adds a subject's newest file of type `type`; `id` is a JSON Schema's `$id`. */
  add(subject: SubjectLayout, type: SchemaType, id?: string): void {
    const newest = subject.versions[subject.versions.length - 1]
    if (newest === undefined) return
    const target = { subject: subject.subject, file: newest.file, type }
    this.byFile.set(newest.file, target)
    this.bySubject.set(`${type}\u0000${subject.subject}`, target)
    if (id !== undefined && !this.byId.has(id)) this.byId.set(id, target)
  }

  /** The newest file of the subject named `subject`, when it is of type `type`. */
  ofSubject(type: SchemaType, subject: string): LinkTarget | undefined {
    return this.bySubject.get(`${type}\u0000${subject}`)
  }

  resolve(type: SchemaType, from: string, link: string, fromId?: string): LinkTarget | undefined {
    const found = type === 'JSON' ? this.resolveJson(from, link, fromId) : this.resolveImport(link)
    return found !== undefined && found.type === type && found.file !== from ? found : undefined
  }

  private resolveJson(from: string, link: string, fromId?: string): LinkTarget | undefined {
    const byId = this.byId.get(link) ?? (fromId !== undefined ? this.byId.get(resolveUri(link, fromId)) : undefined)
    if (byId !== undefined) return byId
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) return undefined
    return (
      this.byFile.get(posix.normalize(posix.join(posix.dirname(from), link))) ?? this.byFile.get(posix.normalize(link)) ?? this.subject('JSON', link, '.json')
    )
  }

  private resolveImport(link: string): LinkTarget | undefined {
    return this.subject('PROTOBUF', link, '.proto') ?? this.byFile.get(posix.normalize(link))
  }

  private subject(type: SchemaType, name: string, extension: string): LinkTarget | undefined {
    return (
      this.bySubject.get(`${type}\u0000${name}`) ??
      (name.endsWith(extension) ? this.bySubject.get(`${type}\u0000${name.slice(0, -extension.length)}`) : undefined)
    )
  }
}

function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href.split('#')[0]
  } catch {
    return ref
  }
}
