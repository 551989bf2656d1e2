/**
 * The registry's verbose message for a Protobuf difference: `{errorType:"TYPE", description:"…"}`,
 * its two `%s` filled with `new`/`old` (backward) or `old`/`new` (forward). Compatible types have
 * an empty description, as in the registry. Pure.
 */
import type { DifferenceDirection, SchemaDifference } from '../../format.js'

type Describe = (path: string, first: string, second: string) => string

const DESCRIPTIONS: Readonly<Record<string, Describe>> = {
  PACKAGE_CHANGED: (p, a, b) => `The package at '${p}' in the ${a} schema does not match the package in the ${b} schema`,
  MESSAGE_REMOVED: (p, a, b) => `The ${a} schema is missing a MESSAGE type at path '${p}' in the ${b} schema`,
  FIELD_KIND_CHANGED: (p, a, b) => `The type of a field at path '${p}' in the ${a} schema does not match the ${b} schema`,
  FIELD_SCALAR_KIND_CHANGED: (p, a, b) => `The kind of a SCALAR field at path '${p}' in the ${a} schema does not match its kind in the ${b} schema`,
  FIELD_NAMED_TYPE_CHANGED: (p, a, b) => `The type of a MESSAGE field at path '${p}' in the ${a} schema does not match its type in the ${b} schema`,
  FIELD_NUMERIC_LABEL_CHANGED: (p, a, b) => `The label for a NUMERIC field at path '${p}' in the ${a} schema does not match its label in the ${b} schema`,
  // The registry's text has two spaces after "field".
  REQUIRED_FIELD_ADDED: (p, a, b) => `A required field  at path '${p}' in the ${a} schema is missing in the ${b} schema`,
  REQUIRED_FIELD_REMOVED: (p, a, b) => `The ${a} schema is missing a required field at path: '${p}' in the ${b} schema`,
  ONEOF_FIELD_REMOVED: (p, a, b) => `The ${a} schema is missing a oneof field at path '${p}' in the ${b} schema`,
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: (p, a, b) => `Multiple fields in the oneof at path '${p}' in the ${a} schema are outside a oneof in the ${b} schema`,
  FIELD_MOVED_TO_EXISTING_ONEOF: (p, a, b) => `A field in the oneof at path '${p}' in the ${a} schema is outside an existing oneof in the ${b} schema`,
}

export function describeProtobufDifference(difference: SchemaDifference, direction: DifferenceDirection): string {
  const [first, second] = direction === 'backward' ? ['new', 'old'] : ['old', 'new']
  const describe = DESCRIPTIONS[difference.type]
  const description = describe ? describe(difference.path, first, second) : ''
  return `{errorType:"${difference.type}", description:"${description}"}`
}
