/**
 * What each JSON Schema difference type that can break compatibility means, in the backward
 * reading (the new schema must accept every document the old one accepted), and what to do. Pure.
 */
import type { JsonDifferenceType } from '../../formats/json/difference-types.js'

/** A difference type's purpose sentence and docs. */
export interface DifferenceText {
  purpose: string
  docs: string
}

const KEEP = 'Keep the old constraint, or put the stricter schema under a new subject.'

/** A keyword added where there was none: documents the old schema accepted may not meet it. */
const added = (keyword: string, what: string): DifferenceText => ({
  purpose: `The new schema adds \`${keyword}\`, so old documents that ${what} are rejected.`,
  docs: `Documents written with the old schema were never checked against \`${keyword}\`. Drop it from the new schema. ${KEEP}`,
})

/** A limit made stricter. */
const tightened = (keyword: string, how: string): DifferenceText => ({
  purpose: `The new schema ${how} \`${keyword}\`, so old documents within the old limit may be rejected.`,
  docs: `Loosen \`${keyword}\` back to (or past) its old value. ${KEEP}`,
})

/** `additionalProperties`, `unevaluatedProperties`, `additionalItems`, `unevaluatedItems`: the schema for what else a document may hold. */
const openness = (keyword: string, what: string): { removed: DifferenceText; narrowed: DifferenceText } => ({
  removed: {
    purpose: `The new schema closes the content model (\`${keyword}\` false where the old allowed ${what}), so old documents with such ${what} are rejected.`,
    docs: `Keep \`${keyword}\` as open as before. The LENIENT compatibility policy, whose readers ignore what they do not know, accepts this for properties.`,
  },
  narrowed: {
    purpose: `The new schema's \`${keyword}\` accepts fewer values than the old one's, so old documents with such ${what} may be rejected.`,
    docs: `Make \`${keyword}\` accept at least what the old one did. The LENIENT compatibility policy accepts this for properties.`,
  },
})

const properties = openness('additionalProperties', 'other properties')
const unevaluatedProperties = openness('unevaluatedProperties', 'unevaluated properties')
const items = openness('additionalItems', 'other items')
const unevaluatedItems = openness('unevaluatedItems', 'unevaluated items')

const LENIENT = 'The LENIENT compatibility policy (readers that ignore properties they do not know) accepts it.'

/** The JSON Schema difference types that are incompatible under the STRICT policy (the registry's default). */
export const JSON_DIFFERENCE_TEXTS: Readonly<Partial<Record<JsonDifferenceType, DifferenceText>>> = {
  SCHEMA_ADDED: {
    purpose: 'The new schema adds a subschema where the old one accepted anything, so old documents may not match it.',
    docs: 'Old documents were never checked against the new subschema. Leave that place unconstrained (true or absent), or use a new subject.',
  },
  TYPE_NARROWED: {
    purpose:
      'The new schema accepts fewer JSON types at a place than the old one (e.g. ["string", "null"] to "string"), so old documents of the dropped types are rejected.',
    docs: 'Keep every type the old schema accepted; add types, never remove them.',
  },
  TYPE_CHANGED: {
    purpose: 'The new schema has a different JSON type at a place than the old one, so old documents are rejected there.',
    docs: 'Keep the type; to carry a new kind of value, add a new property (optional, or required with a default).',
  },
  MAX_LENGTH_ADDED: added('maxLength', 'hold longer strings'),
  MAX_LENGTH_DECREASED: tightened('maxLength', 'lowers'),
  MIN_LENGTH_ADDED: added('minLength', 'hold shorter strings'),
  MIN_LENGTH_INCREASED: tightened('minLength', 'raises'),
  PATTERN_ADDED: added('pattern', 'hold strings not matching it'),
  PATTERN_CHANGED: {
    purpose: 'The new schema changes `pattern`, so old strings that matched the old pattern may not match the new one.',
    docs: 'Keep the old pattern, or widen it so that it matches everything the old one matched (e.g. by alternation).',
  },
  MAXIMUM_ADDED: added('maximum', 'hold larger numbers'),
  MAXIMUM_DECREASED: tightened('maximum', 'lowers'),
  MINIMUM_ADDED: added('minimum', 'hold smaller numbers'),
  MINIMUM_INCREASED: tightened('minimum', 'raises'),
  EXCLUSIVE_MAXIMUM_ADDED: added('exclusiveMaximum', 'hold larger numbers'),
  EXCLUSIVE_MAXIMUM_DECREASED: tightened('exclusiveMaximum', 'lowers'),
  EXCLUSIVE_MINIMUM_ADDED: added('exclusiveMinimum', 'hold smaller numbers'),
  EXCLUSIVE_MINIMUM_INCREASED: tightened('exclusiveMinimum', 'raises'),
  MULTIPLE_OF_ADDED: added('multipleOf', 'hold other numbers'),
  MULTIPLE_OF_EXPANDED: {
    purpose: "The new schema's `multipleOf` is a multiple of the old one (e.g. 2 to 4), so old numbers that were multiples of the old value only are rejected.",
    docs: 'Keep the old `multipleOf`, or use a divisor of it (reducing it is compatible).',
  },
  MULTIPLE_OF_CHANGED: {
    purpose: "The new schema's `multipleOf` neither divides nor is a multiple of the old one, so old numbers may be rejected.",
    docs: 'Keep the old `multipleOf`, or use a divisor of it.',
  },
  REQUIRED_ATTRIBUTE_ADDED: {
    purpose: 'The new schema makes a property required that has no default, so old documents that lack it are rejected.',
    docs: 'Leave the property optional, or give it a default in the new schema (a required property with a default is compatible).',
  },
  MAX_PROPERTIES_ADDED: added('maxProperties', 'have more properties'),
  MAX_PROPERTIES_DECREASED: tightened('maxProperties', 'lowers'),
  MIN_PROPERTIES_ADDED: added('minProperties', 'have fewer properties'),
  MIN_PROPERTIES_INCREASED: tightened('minProperties', 'raises'),
  ADDITIONAL_PROPERTIES_REMOVED: properties.removed,
  ADDITIONAL_PROPERTIES_NARROWED: properties.narrowed,
  DEPENDENCY_ARRAY_ADDED: {
    purpose:
      'The new schema adds a property dependency (`dependentRequired`, or an array in `dependencies`), so old documents that lack the properties it requires are rejected.',
    docs: `Old documents were never checked against the dependency. Drop it from the new schema. ${KEEP}`,
  },
  DEPENDENCY_ARRAY_EXTENDED: {
    purpose: 'A property dependency of the new schema requires more properties than the old one did, so old documents that lack them are rejected.',
    docs: 'Require no more properties in a dependency than before; removing some is compatible.',
  },
  DEPENDENCY_ARRAY_CHANGED: {
    purpose: 'A property dependency of the new schema requires other properties than the old one did, so old documents may be rejected.',
    docs: "Keep the dependency's list, or only remove names from it.",
  },
  DEPENDENCY_SCHEMA_ADDED: {
    purpose: 'The new schema adds a schema dependency (`dependentSchemas`, or a schema in `dependencies`), so old documents that do not match it are rejected.',
    docs: `Old documents were never checked against the dependency. Drop it from the new schema. ${KEEP}`,
  },
  PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema defines a property the old one did not, and the old schema was open, so old documents may hold that property with any value.',
    docs: `Old documents may already carry a property of that name with another value. Give the new property an empty schema (true), or pick a name no producer used. ${LENIENT}`,
  },
  REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema adds a required property without a default to an open content model, so old documents that lack it are rejected.',
    docs: 'Make the property optional, or give it a default.',
  },
  REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema adds a required property (with a default) to an open content model, so old documents may hold that property with another value.',
    docs: `Old documents may already carry a property of that name. Pick a name no producer used. ${LENIENT}`,
  },
  OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema adds an optional property to an open content model, so old documents may hold that property with a value the new schema rejects.',
    docs: `Old documents may already carry a property of that name. Give it an empty schema, or pick a name no producer used. ${LENIENT}`,
  },
  REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL: {
    purpose: 'The new schema adds a required property without a default to a closed content model, so old documents, which cannot hold it, are rejected.',
    docs: 'Make the property optional, or give it a default.',
  },
  PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: {
    purpose: 'The new schema removes a property and does not allow other properties, so old documents that hold it are rejected.',
    docs: `Keep the property (it may be deprecated in its description), or open the content model (additionalProperties true). ${LENIENT}`,
  },
  PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    purpose:
      'The new schema removes a property whose old values its patternProperties or additionalProperties do not accept, so old documents that hold it are rejected.',
    docs: `Keep the property, or make the schema for other properties accept its old values. ${LENIENT}`,
  },
  PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    purpose:
      "The new schema adds a property that accepts less than the old schema's patternProperties or additionalProperties allowed under that name, so old documents may be rejected.",
    docs: `Make the new property accept at least what the old schema allowed for that name. ${LENIENT}`,
  },
  RESERVED_PROPERTY_REMOVED: {
    purpose: 'The new schema drops a name from its reserved properties, so a later version could reuse it for other data.',
    docs: "Keep every reserved property name in the schema's metadata (confluent:reserved); reserved names are never released.",
  },
  RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY: {
    purpose: 'The new schema defines a property whose name the old schema reserved.',
    docs: 'A reserved name belonged to data that may still exist: pick another name for the property.',
  },
  UNEVALUATED_PROPERTIES_REMOVED: unevaluatedProperties.removed,
  UNEVALUATED_PROPERTIES_NARROWED: unevaluatedProperties.narrowed,
  MAX_ITEMS_ADDED: added('maxItems', 'hold longer arrays'),
  MAX_ITEMS_DECREASED: tightened('maxItems', 'lowers'),
  MIN_ITEMS_ADDED: added('minItems', 'hold shorter arrays'),
  MIN_ITEMS_INCREASED: tightened('minItems', 'raises'),
  MAX_CONTAINS_ADDED: added('maxContains', 'hold more matching items'),
  MAX_CONTAINS_DECREASED: tightened('maxContains', 'lowers'),
  MIN_CONTAINS_ADDED: added('minContains', 'hold fewer matching items'),
  MIN_CONTAINS_INCREASED: tightened('minContains', 'raises'),
  UNIQUE_ITEMS_ADDED: added('uniqueItems', 'hold arrays with repeated items'),
  ADDITIONAL_ITEMS_REMOVED: items.removed,
  ADDITIONAL_ITEMS_NARROWED: items.narrowed,
  UNEVALUATED_ITEMS_REMOVED: unevaluatedItems.removed,
  UNEVALUATED_ITEMS_NARROWED: unevaluatedItems.narrowed,
  ITEM_ADDED_TO_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema constrains a tuple position the old schema left open, so old arrays with other values there are rejected.',
    docs: 'Give the new position an empty schema (true), or add the item in a new array property.',
  },
  ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL: {
    purpose: 'The new schema drops a tuple position and allows no further items, so old arrays that hold that item are rejected.',
    docs: 'Keep the position, or allow further items (items or additionalItems true).',
  },
  ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema drops a tuple position whose old values its schema for further items does not accept, so old arrays may be rejected.',
    docs: 'Keep the position, or make the schema for further items accept its old values.',
  },
  ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL: {
    purpose: 'The new schema adds a tuple position that accepts less than the old schema allowed for further items, so old arrays may be rejected.',
    docs: 'Make the new position accept at least what the old schema allowed for further items.',
  },
  ENUM_ARRAY_NARROWED: {
    purpose: "The new schema's `enum` has fewer values than the old one, so old documents with a dropped value are rejected.",
    docs: 'Keep every old value in the enum; add values, never remove them.',
  },
  ENUM_ARRAY_CHANGED: {
    purpose: "The new schema's `enum` has other values than the old one, so old documents may be rejected.",
    docs: 'Keep every old value in the enum; add values, never remove or rename them.',
  },
  COMBINED_TYPE_CHANGED: {
    purpose: 'The new schema combines subschemas with another keyword than the old one (allOf, anyOf, oneOf), so old documents may be rejected.',
    docs: 'Keep the combining keyword; only anyOf/oneOf gaining subschemas or allOf losing some is compatible.',
  },
  PRODUCT_TYPE_EXTENDED: {
    purpose: "The new schema's `allOf` has more subschemas than the old one, so old documents must meet a constraint they were never checked against.",
    docs: 'Do not add subschemas to allOf; removing some is compatible.',
  },
  SUM_TYPE_NARROWED: {
    purpose: "The new schema's `anyOf` or `oneOf` has fewer subschemas than the old one, so old documents that matched a dropped one are rejected.",
    docs: 'Keep every subschema of anyOf/oneOf; adding subschemas is compatible.',
  },
  COMBINED_TYPE_SUBSCHEMAS_CHANGED: {
    purpose:
      'The subschemas of a combined type (allOf, anyOf, oneOf) of the new schema cannot be matched one to one with the old ones, so old documents may be rejected.',
    docs: 'Change one subschema at a time, each in a compatible way, so that each new subschema accepts what its old counterpart did.',
  },
  NOT_TYPE_EXTENDED: {
    purpose: "The new schema's `not` subschema accepts more than the old one, so the new schema excludes old documents the old one allowed.",
    docs: 'Make the `not` subschema no wider than before; narrowing it is compatible.',
  },
}
