/**
 * The registry's message for one JSON Schema difference: `{errorType:"TYPE", description:"…"}`,
 * the description's two placeholders filled with "new"/"old" in the order the check reads them.
 */
import type { DifferenceDirection, SchemaDifference } from '../format.js'

type Template = (path: string) => string

const keywordAddedOrRemoved: Template = (p) => `The keyword at path '${p}' in the %s schema is not present in the %s schema`
const valueIncreased: Template = (p) => `The value at path '${p}' in the %s schema is more than its value in the %s schema`
const valueDecreased: Template = (p) => `The value at path '${p}' in the %s schema is less than its value in the %s schema`
const valueChanged: Template = (p) => `The value at path '${p}' is different between the %s and %s schema`
const typeNarrowed: Template = (p) => `An array or combined type at path '${p}' has fewer elements in the %s schema than the %s schema`
const typeExtended: Template = (p) => `An array or combined type at path '${p}' has more elements in the %s schema than the %s schema`
const typeChanged: Template = (p) => `A type at path '${p}' is different between the %s schema and the %s schema`
const addedToOpen: Template = (p) => `The %s schema has an open content model and has a property or item at path '${p}' which is missing in the %s schema`
const removedFromClosed: Template = (p) => `The %s schema has a closed content model and is missing a property or item present at path '${p}' in the %s schema`
const removedNotCovered: Template = (p) =>
  `A property or item is missing in the %s schema but present at path '${p}' in the %s schema and is not covered by its partially open content model`
const addedNotCovered: Template = (p) =>
  `The %s schema has a property or item at path '${p}' which is missing in the %s schema and is not covered by its partially open content model`

function family(types: string[], template: Template): Array<[string, Template]> {
  return types.map((t) => [t, template])
}

// The registry words messages per family; the types it leaves out get an empty description.
const TEMPLATES = new Map<string, Template>([
  ...family(
    [
      'MAXIMUM_ADDED',
      'MINIMUM_ADDED',
      'EXCLUSIVE_MAXIMUM_ADDED',
      'EXCLUSIVE_MINIMUM_ADDED',
      'MULTIPLE_OF_ADDED',
      'MAX_LENGTH_ADDED',
      'MIN_LENGTH_ADDED',
      'PATTERN_ADDED',
      'REQUIRED_ATTRIBUTE_ADDED',
      'MAX_PROPERTIES_ADDED',
      'MIN_PROPERTIES_ADDED',
      'DEPENDENCY_ARRAY_ADDED',
      'DEPENDENCY_SCHEMA_ADDED',
      'MAX_ITEMS_ADDED',
      'MIN_ITEMS_ADDED',
      'MAX_CONTAINS_ADDED',
      'MIN_CONTAINS_ADDED',
      'UNIQUE_ITEMS_ADDED',
      'ADDITIONAL_ITEMS_REMOVED',
      'ADDITIONAL_PROPERTIES_REMOVED',
      'UNEVALUATED_PROPERTIES_REMOVED',
      'UNEVALUATED_ITEMS_REMOVED',
    ],
    keywordAddedOrRemoved,
  ),
  ...family(
    [
      'MIN_LENGTH_INCREASED',
      'MINIMUM_INCREASED',
      'EXCLUSIVE_MINIMUM_INCREASED',
      'MIN_PROPERTIES_INCREASED',
      'MULTIPLE_OF_EXPANDED',
      'MIN_ITEMS_INCREASED',
      'MIN_CONTAINS_INCREASED',
    ],
    valueIncreased,
  ),
  ...family(
    ['MAX_LENGTH_DECREASED', 'MAXIMUM_DECREASED', 'MAX_ITEMS_DECREASED', 'MAX_CONTAINS_DECREASED', 'EXCLUSIVE_MAXIMUM_DECREASED', 'MAX_PROPERTIES_DECREASED'],
    valueDecreased,
  ),
  ...family(['PATTERN_CHANGED', 'MULTIPLE_OF_CHANGED', 'DEPENDENCY_ARRAY_CHANGED'], valueChanged),
  ...family(
    [
      'ADDITIONAL_ITEMS_NARROWED',
      'ENUM_ARRAY_NARROWED',
      'SUM_TYPE_NARROWED',
      'ADDITIONAL_PROPERTIES_NARROWED',
      'UNEVALUATED_PROPERTIES_NARROWED',
      'UNEVALUATED_ITEMS_NARROWED',
    ],
    typeNarrowed,
  ),
  ...family(['DEPENDENCY_ARRAY_EXTENDED', 'PRODUCT_TYPE_EXTENDED', 'SUM_TYPE_EXTENDED', 'NOT_TYPE_EXTENDED'], typeExtended),
  ...family(['TYPE_CHANGED', 'TYPE_NARROWED', 'COMBINED_TYPE_CHANGED', 'COMBINED_TYPE_SUBSCHEMAS_CHANGED', 'ENUM_ARRAY_CHANGED'], typeChanged),
  ...family(
    [
      'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL',
      'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
      'ITEM_ADDED_TO_OPEN_CONTENT_MODEL',
    ],
    addedToOpen,
  ),
  [
    'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
    (p) => `The %s schema has an unopen content model and has a required property at path '${p}' which is missing in the %s schema`,
  ],
  ...family(['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL'], removedFromClosed),
  ...family(['PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'], removedNotCovered),
  ...family(['PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL', 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'], addedNotCovered),
  ['RESERVED_PROPERTY_REMOVED', (p) => `The %s schema has reserved property '${p}' removed from its metadata which is present in the %s schema.`],
  [
    'RESERVED_PROPERTY_CONFLICTS_WITH_PROPERTY',
    (p) => `The %s schema has property at path '${p}' that conflicts with the reserved properties which is missing in the %s schema.`,
  ],
])

/**
 * `{errorType:"…", description:"…"}` for `difference`. Backward reads the update as the new
 * schema; forward checks the old schema against the candidate, so the roles swap.
 */
export function describeJsonDifference(difference: SchemaDifference, direction: DifferenceDirection): string {
  const [first, second] = direction === 'backward' ? ['new', 'old'] : ['old', 'new']
  const template = TEMPLATES.get(difference.type)
  const description = template ? fillPlaceholders(template(difference.path), first, second) : ''
  return `{errorType:"${difference.type}", description:"${description}"}`
}

/** Java's `String.format` with two `%s`: the first takes `first`, the second `second`. */
function fillPlaceholders(text: string, first: string, second: string): string {
  let n = 0
  return text.replace(/%s/g, () => (n++ === 0 ? first : second))
}
