/**
 * A light scan of a schema's JSON for the named types it defines and the names it uses, so the
 * workspace can order files by their cross-file references before the engine parses them.
 * Follows Avro's name rules: a dotted name is a full name; otherwise the enclosing namespace
 * applies, and an unqualified reference falls back to the null namespace (as Avro Java's
 * `Names.get` does). Iterative, so no nesting depth overflows it.
 */

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])
const NAMED = new Set(['record', 'error', 'enum', 'fixed'])

/** Deeper schemas are refused: Avro Java's JSON reader (Jackson) stops at 1,000 levels too. */
export const MAX_SCHEMA_DEPTH = 1000

/** A type name used by a schema: the full names it may mean, most specific first. */
export interface NameUse {
  candidates: readonly string[]
  /** JSON Pointer of the string that names it. */
  path: string
}

/** What `scanNames` found. `tooDeep` is set (and the rest partial) past MAX_SCHEMA_DEPTH. */
export interface NameScan {
  /** Full names defined in the document, with the JSON Pointer of each definition. */
  defined: Map<string, string>
  /** The root type's full name when the root is a named type. */
  rootName?: string
  /** Names used but not defined in this document. */
  external: NameUse[]
  tooDeep: boolean
}

interface Frame {
  node: unknown
  namespace: string
  depth: number
  path: string
}

/** Scans a parsed JSON schema for defined and externally used type names. Never throws. */
export function scanNames(json: unknown): NameScan {
  const defined = new Map<string, string>()
  const uses: NameUse[] = []
  let rootName: string | undefined
  const stack: Frame[] = [{ node: json, namespace: '', depth: 0, path: '' }]
  while (stack.length > 0) {
    const { node, namespace, depth, path } = stack.pop() as Frame
    if (depth > MAX_SCHEMA_DEPTH) return { defined, rootName, external: [], tooDeep: true }
    if (typeof node === 'string') {
      if (!PRIMITIVES.has(node)) uses.push({ candidates: referenceCandidates(node, namespace), path })
    } else if (Array.isArray(node)) {
      node.forEach((branch, i) => stack.push({ node: branch, namespace, depth: depth + 1, path: `${path}/${i}` }))
    } else if (typeof node === 'object' && node !== null) {
      const obj = node as Record<string, unknown>
      const type = obj.type
      if (typeof type === 'string' && NAMED.has(type) && typeof obj.name === 'string') {
        const full = fullName(obj.name, typeof obj.namespace === 'string' ? obj.namespace : namespace)
        if (!defined.has(full)) defined.set(full, path)
        if (path === '') rootName = full
        const inner = full.includes('.') ? full.slice(0, full.lastIndexOf('.')) : ''
        if ((type === 'record' || type === 'error') && Array.isArray(obj.fields)) {
          obj.fields.forEach((field, i) => {
            if (typeof field === 'object' && field !== null) {
              stack.push({ node: (field as { type?: unknown }).type, namespace: inner, depth: depth + 1, path: `${path}/fields/${i}/type` })
            }
          })
        }
      } else if (type === 'array') {
        stack.push({ node: obj.items, namespace, depth: depth + 1, path: `${path}/items` })
      } else if (type === 'map') {
        stack.push({ node: obj.values, namespace, depth: depth + 1, path: `${path}/values` })
      } else if (type !== undefined) {
        stack.push({ node: type, namespace, depth: depth + 1, path: `${path}/type` })
      }
    }
  }
  const external = uses.filter((use) => !use.candidates.some((c) => defined.has(c)))
  return { defined, rootName, external, tooDeep: false }
}

function fullName(name: string, namespace: string): string {
  if (name.includes('.')) return name
  return namespace === '' ? name : `${namespace}.${name}`
}

function referenceCandidates(name: string, namespace: string): string[] {
  if (name.includes('.') || namespace === '') return [name]
  return [`${namespace}.${name}`, name]
}
