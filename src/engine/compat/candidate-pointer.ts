import { escapePointerSegment, pointerSegments } from '../schema/locate.js'
import type { Field, Schema } from '../schema/model.js'

/**
 * Maps a JSON Pointer into the `reader` schema (where Avro reports an incompatibility) onto the
 * corresponding place in the `writer` schema, following fields by name (or an alias on either side), union branches
 * by type, and arrays and maps by their items and values. Where the writer has no counterpart
 * (a removed field, a branch it lacks), the pointer stops at the nearest ancestor that has one.
 * Used for forward findings, whose reader is the old schema, to point into the candidate.
 */
export function mapReaderPointer(reader: Schema, writer: Schema, pointer: string): string {
  const segments = pointerSegments(pointer)
  const out: string[] = []
  let r: Schema = reader
  let w: Schema = writer
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]
    if (r.kind === 'record' && w.kind === 'record' && segment === 'fields') {
      // A field step is `/fields/<n>` and, to go on, `/type`.
      const field: Field | undefined = r.fields[Number(segments[i + 1])]
      const names = field === undefined ? [] : [field.name, ...field.aliases]
      const match: Field | undefined = w.fields.find((f) => names.includes(f.name) || (field !== undefined && f.aliases.includes(field.name)))
      if (field === undefined || match === undefined) break
      out.push('fields', String(match.index))
      if (segments[i + 2] !== 'type') {
        if (segments[i + 2] !== undefined) out.push(segments[i + 2])
        break
      }
      out.push('type')
      ;[r, w] = [field.type, match.type]
      i += 2
    } else if (r.kind === 'array' && w.kind === 'array' && segment === 'items') {
      out.push(segment)
      ;[r, w] = [r.items, w.items]
    } else if (r.kind === 'map' && w.kind === 'map' && segment === 'values') {
      out.push(segment)
      ;[r, w] = [r.values, w.values]
    } else if (r.kind === 'union' && /^\d+$/.test(segment)) {
      const branch = r.types[Number(segment)] as Schema | undefined
      if (branch === undefined) break
      if (w.kind === 'union') {
        const j = w.types.findIndex((b) => sameType(b, branch))
        if (j < 0) break
        out.push(String(j))
        ;[r, w] = [branch, w.types[j]]
      } else if (sameType(w, branch)) {
        r = branch
      } else break
    } else {
      // A leaf (symbols, name, size, …): kept when the writer node is of the same kind.
      if (r.kind === w.kind) out.push(segment)
      break
    }
  }
  return out.map((s) => '/' + escapePointerSegment(s)).join('')
}

function sameType(a: Schema, b: Schema): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'primitive') return b.kind === 'primitive' && a.type === b.type
  if (a.kind === 'record' || a.kind === 'enum' || a.kind === 'fixed') return 'fullName' in b && a.fullName === b.fullName
  return true
}
