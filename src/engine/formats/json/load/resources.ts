/**
 * Where `$ref` targets live: every schema resource (a document, or a subschema with its own `$id`)
 * and every named anchor, by absolute URI, so a reference resolves as the registry's JSON Schema
 * provider resolves it: against the enclosing `$id`, to a definition in the document or to another
 * schema passed as a reference. Nothing is fetched.
 */
import { escapePointerSegment } from '../../../schema/locate.js'
import type { Dialect } from '../model.js'
import { isModern } from './dialect.js'

/** The base URI of a document without `$id`; reference names resolve against it like relative paths. */
export const DEFAULT_BASE = 'schemactl://local/schema.json'

/** One JSON document being loaded: the schema itself ('' ) or a reference passed with it. */
export interface SchemaDocument {
  /** '' for the schema, else the reference name. */
  readonly name: string
  readonly json: unknown
  readonly text?: string
  readonly dialect: Dialect
  /** The document's own base URI (its `$id`, resolved). */
  readonly base: string
}

/** A place in a document. */
export interface Location {
  readonly doc: SchemaDocument
  readonly pointer: string
}

/** `ref` resolved against `base` (RFC 3986); a reference that cannot be resolved stays as written. */
export function resolveUri(ref: string, base: string): string {
  try {
    return new URL(ref, base).href
  } catch {
    return ref
  }
}

/** Splits an absolute URI into the resource URI and its fragment (without '#'). */
export function splitFragment(uri: string): [string, string] {
  const hash = uri.indexOf('#')
  return hash === -1 ? [uri, ''] : [uri.slice(0, hash), uri.slice(hash + 1)]
}

/** Keywords whose values are data, not schemas: an `$id` inside them names nothing. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples'])

/**
 * The registry of resources and anchors of every document of one schema. A document is registered
 * under its names at once; its inner `$id`s and anchors are indexed when a lookup first misses
 * (most references point into the document by JSON Pointer and never need them).
 */
export class ResourceIndex {
  private readonly resources = new Map<string, Location>()
  private readonly anchors = new Map<string, Location>()
  private readonly unindexed: SchemaDocument[] = []

  /** Registers `doc` under `names` (its base, the URIs it is referenced by). */
  add(doc: SchemaDocument, names: readonly string[]): void {
    for (const name of names) if (!this.resources.has(name)) this.resources.set(name, { doc, pointer: '' })
    this.unindexed.push(doc)
  }

  /** Indexes every `$id`/anchor inside the documents not indexed yet. */
  private indexPending(): boolean {
    if (this.unindexed.length === 0) return false
    for (const doc of this.unindexed.splice(0)) this.indexDocument(doc)
    return true
  }

  private indexDocument(doc: SchemaDocument): void {
    // Most documents declare no identifier below the root: a glance at the text saves the walk.
    if (doc.text !== undefined && !/"(\$id|id|\$anchor|\$dynamicAnchor)"\s*:/.test(doc.text)) return
    const idKeyword = doc.dialect === 'draft-04' ? 'id' : '$id'
    const modern = isModern(doc.dialect)
    const stack: Array<[unknown, string, string]> = [[doc.json, '', doc.base]]
    while (stack.length > 0) {
      const [value, pointer, outerBase] = stack.pop()!
      if (value === null || typeof value !== 'object') continue
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`, outerBase])
        continue
      }
      const json = value as Record<string, unknown>
      let base = outerBase
      const id = json[idKeyword]
      if (typeof id === 'string' && pointer !== '') {
        if (id.startsWith('#') && !modern) this.setAnchor(`${base}#${id.slice(1)}`, doc, pointer)
        else {
          const [uri, fragment] = splitFragment(resolveUri(id, base))
          base = uri
          if (!this.resources.has(uri)) this.resources.set(uri, { doc, pointer })
          if (fragment !== '') this.setAnchor(`${uri}#${fragment}`, doc, pointer)
        }
      }
      if (modern) {
        for (const key of ['$anchor', '$dynamicAnchor']) {
          const anchor = json[key]
          if (typeof anchor === 'string') this.setAnchor(`${base}#${anchor}`, doc, pointer)
        }
      }
      for (const key of Object.keys(json)) {
        if (DATA_KEYWORDS.has(key)) continue
        stack.push([json[key], `${pointer}/${escapePointerSegment(key)}`, base])
      }
    }
  }

  /** The resource with this absolute URI (no fragment). */
  resource(uri: string): Location | undefined {
    return this.resources.get(uri) ?? (this.indexPending() ? this.resources.get(uri) : undefined)
  }

  /** The subschema with this named anchor (`uri#name`). */
  anchor(uriWithName: string): Location | undefined {
    return this.anchors.get(uriWithName) ?? (this.indexPending() ? this.anchors.get(uriWithName) : undefined)
  }

  private setAnchor(key: string, doc: SchemaDocument, pointer: string): void {
    if (!this.anchors.has(key)) this.anchors.set(key, { doc, pointer })
  }
}

/** The value at `pointer` in `json`, or undefined. */
export function valueAt(json: unknown, pointer: string): unknown {
  if (pointer === '') return json
  let current = json
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.indexOf('~') === -1 ? raw : raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (current === null || typeof current !== 'object') return undefined
    if (Array.isArray(current)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined
      current = current[Number(segment)]
    } else {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined
      current = (current as Record<string, unknown>)[segment]
    }
  }
  return current
}

/** The base URI in effect at `pointer` of `doc`: the document's, changed by each `$id` on the way down. */
export function baseAt(doc: SchemaDocument, pointer: string): string {
  const idKeyword = doc.dialect === 'draft-04' ? 'id' : '$id'
  const modern = isModern(doc.dialect)
  let base = doc.base
  let current = doc.json
  const segments = pointer === '' ? [] : pointer.slice(1).split('/')
  for (let i = 0; i <= segments.length; i++) {
    if (current !== null && typeof current === 'object' && !Array.isArray(current) && i > 0) {
      const id = (current as Record<string, unknown>)[idKeyword]
      if (typeof id === 'string' && !(id.startsWith('#') && !modern)) base = splitFragment(resolveUri(id, base))[0]
    }
    if (i === segments.length) break
    const segment = segments[i].replace(/~1/g, '/').replace(/~0/g, '~')
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined
  }
  return base
}
