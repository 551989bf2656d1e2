/** Avro name rules: validation of simple names and namespaces, and full-name resolution. */

/** The Avro primitive type names. */
export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])

const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Whether `name` is a valid simple Avro name (`[A-Za-z_][A-Za-z0-9_]*`). */
export function isValidName(name: string): boolean {
  return NAME_PATTERN.test(name)
}

/** The first invalid dot-separated segment of a namespace or full name, or undefined when all are valid. */
export function findInvalidSegment(dotted: string): string | undefined {
  if (NAME_PATTERN.test(dotted)) return undefined
  for (const segment of dotted.split('.')) if (!NAME_PATTERN.test(segment)) return segment
  return undefined
}

/** A resolved name: simple name, namespace ('' when none) and full name. */
export interface ResolvedName {
  name: string
  namespace: string
  fullName: string
}

/**
 * Resolves a name as Avro does: a dotted name carries its own namespace; otherwise the given
 * namespace (the explicit `namespace` attribute or the enclosing one) applies.
 */
export function resolveName(name: string, namespace: string): ResolvedName {
  const lastDot = name.lastIndexOf('.')
  if (lastDot >= 0) return { name: name.slice(lastDot + 1), namespace: name.slice(0, lastDot), fullName: name }
  return { name, namespace, fullName: namespace === '' ? name : `${namespace}.${name}` }
}

/** The full name a reference `ref` denotes inside `namespace` (before falling back to the null namespace). */
export function qualifyReference(ref: string, namespace: string): string {
  return ref.indexOf('.') >= 0 || namespace === '' ? ref : `${namespace}.${ref}`
}
