/**
 * Loads the Avro 1.12.1-labelled conformance cases from `<repo>/../shared/conformance/avro-compat/`
 * (or `$SCHEMACTL_SHARED_DIR/conformance/avro-compat/`). Missing files fail loudly: never skip.
 */
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const sharedDir = process.env.SCHEMACTL_SHARED_DIR
  ? new URL(`file://${process.env.SCHEMACTL_SHARED_DIR.replace(/\/?$/, '/')}`)
  : new URL('../../../../shared/', import.meta.url)
const casesDir = new URL('conformance/avro-compat/', sharedDir)

/** Every case of one JSON Lines file, parsed; throws a clear error when the file is missing. */
export function loadCases<T>(file: string): T[] {
  const path = fileURLToPath(new URL(file, casesDir))
  if (!existsSync(path)) {
    throw new Error(`Conformance file missing: ${path}. Clone the repo with shared/ beside it, or set SCHEMACTL_SHARED_DIR to the shared folder.`)
  }
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T)
}

/**
 * A case schema as API input: a plain string such as `int` is a type name, so it becomes the
 * JSON text `"int"`; a string starting with { [ or " already is schema text.
 */
export function caseSchema(value: unknown): unknown {
  return typeof value === 'string' && !/^\s*[{["]/.test(value) ? JSON.stringify(value) : value
}
