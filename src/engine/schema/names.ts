/** Avro name rules as Apache Avro 1.12.1 (Java) applies them: validation of names and namespaces, full-name resolution. */

/** The Avro primitive type names. */
export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string'])

const ASCII_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const ASCII_NAMESPACE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/
// Avro Java's default validator checks each UTF-16 unit with Character.isLetter / isLetterOrDigit.
const UNICODE_NAME = /^[\p{L}_][\p{L}\p{Nd}_]*$/u

/**
 * Why `name` is not a valid Avro name, or undefined when it is. Avro Java (the registry) accepts
 * Unicode letters and digits besides `[A-Za-z0-9_]`; the first character may not be a digit.
 */
export function nameProblem(name: string): string | undefined {
  if (ASCII_NAME.test(name)) return undefined
  if (name === '') return 'empty name'
  if (UNICODE_NAME.test(name) && !/[\uD800-\uDFFF]/.test(name)) return undefined
  return /^[\p{L}_]/u.test(name) ? 'illegal character' : 'illegal initial character'
}

/** Whether `name` is a valid simple Avro name. */
export function isValidName(name: string): boolean {
  return nameProblem(name) === undefined
}

/** The first invalid dot-separated segment of a namespace (an empty one included), or undefined when all are valid. */
export function findInvalidSegment(namespace: string): string | undefined {
  if (ASCII_NAMESPACE.test(namespace)) return undefined
  return namespace.split('.').find((segment) => !isValidName(segment))
}

/** A resolved name: simple name, namespace ('' when none) and full name. */
export interface ResolvedName {
  name: string
  namespace: string
  fullName: string
}

/**
 * Resolves a name as Avro does: a dotted name carries its own namespace (".Foo" is in the null
 * namespace); otherwise the given namespace (explicit `namespace` attribute or the enclosing one) applies.
 */
export function resolveName(name: string, namespace: string): ResolvedName {
  const lastDot = name.lastIndexOf('.')
  const simple = lastDot >= 0 ? name.slice(lastDot + 1) : name
  const space = lastDot >= 0 ? name.slice(0, lastDot) : namespace
  return { name: simple, namespace: space, fullName: space === '' ? simple : `${space}.${simple}` }
}

/** The full name a reference `ref` denotes inside `namespace` (before Avro's fallback to the name as written). */
export function qualifyReference(ref: string, namespace: string): string {
  return ref.indexOf('.') >= 0 || namespace === '' ? ref : `${namespace}.${ref}`
}
