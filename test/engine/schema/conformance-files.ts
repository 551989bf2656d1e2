/**
 * Reads the labelled conformance cases, data kept outside the repository in the `shared/conformance/`
 * folder beside the clone (or `$SCHEMACTL_SHARED_DIR/conformance/`): `avro-compat/` (schemas and
 * reader/writer pairs with Apache Avro 1.12.1's verdicts, levels with the registry's), `avro-realworld/`
 * (a workspace with the registry's verdict per level), `jsonschema-compat/` and `protobuf-compat/`
 * (the registry's diff fixtures), each JSON lines. A missing file fails loudly: never skip.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const sharedDir = process.env.SCHEMACTL_SHARED_DIR
  ? new URL(`file://${process.env.SCHEMACTL_SHARED_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../../../shared/', import.meta.url)

/** The path of `conformance/<relative>`; throws a clear error when it is missing. */
export function conformancePath(relative: string): string {
  const path = fileURLToPath(new URL(`conformance/${relative}`, sharedDir))
  if (!existsSync(path)) {
    throw new Error(`Conformance data missing: ${path}. Clone the repo with shared/ beside it, or set SCHEMACTL_SHARED_DIR to the shared folder.`)
  }
  return path
}

/** Every line of `conformance/<file>` parsed as JSON; throws a clear error when the file is missing. */
export function readConformance<T>(file: string): T[] {
  return readFileSync(conformancePath(file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T)
}

/**
 * A case schema as parser input: a plain string such as `int` or `com.acme.Foo` is a type name
 * (it becomes the JSON text `"int"`); a string starting with { [ " or a comment is schema text.
 */
export function caseSchema(value: unknown): unknown {
  return typeof value === 'string' && !/^\s*([{["]|\/[/*])/.test(value) ? JSON.stringify(value) : value
}
