/**
 * The diff's shortcut for a subschema that did not change: the very same node on both sides (an
 * update read relative to its original shares the subtrees it did not touch), or two nodes read
 * from equal JSON (same keys in the same order, same values) in documents of the same draft. Such a
 * pair has no difference, unless something inside it always reports one in the registry's diff
 * (`not` gives NOT_TYPE_NARROWED, an object or array default DEFAULT_CHANGED) or depends on more
 * than its own JSON (`$ref`); a subschema with any of those is always compared in full.
 */
import type { JsonSchemaNode } from '../model.js'

const PLAIN = 1
const NOT_PLAIN = 2

/** Whether `original` and `update` certainly compare without any difference. `byJson`: equal JSON counts too. */
export function unchanged(original: JsonSchemaNode, update: JsonSchemaNode, byJson: boolean): boolean {
  if (original === update) return isPlain(original)
  if (!byJson || original.raw === undefined || update.raw === undefined || original.kind !== update.kind) return false
  return isPlain(original) && fingerprint(original) === fingerprint(update)
}

/** No `not`, `$ref` or object/array default anywhere in the subtree (memoised on each node). */
export function isPlain(node: JsonSchemaNode): boolean {
  if (node.plain === 0 || node.plain === undefined) node.plain = computePlain(node) ? PLAIN : NOT_PLAIN
  return node.plain === PLAIN
}

function computePlain(node: JsonSchemaNode): boolean {
  if (node.kind === 'not' || node.kind === 'ref') return false
  if (node.hasDefault && node.defaultValue !== null && typeof node.defaultValue === 'object') return false
  switch (node.kind) {
    case 'object': {
      for (const child of node.properties.values()) if (!isPlain(child)) return false
      for (const p of node.patternProperties) if (!isPlain(p.schema)) return false
      for (const child of node.schemaDependencies.values()) if (!isPlain(child)) return false
      return allPlain(node.additionalSchema, node.propertyNames, node.unevaluated)
    }
    case 'array':
      if (node.itemSchemas) for (const child of node.itemSchemas) if (!isPlain(child)) return false
      return allPlain(node.allItems, node.additionalItemsSchema, node.contains, node.unevaluated)
    case 'combined':
      for (const child of node.subschemas) if (!isPlain(child)) return false
      return true
    default:
      return true
  }
}

function allPlain(a: JsonSchemaNode | undefined, b: JsonSchemaNode | undefined, c: JsonSchemaNode | undefined, d?: JsonSchemaNode): boolean {
  return (a === undefined || isPlain(a)) && (b === undefined || isPlain(b)) && (c === undefined || isPlain(c)) && (d === undefined || isPlain(d))
}

/** The node's JSON as text (memoised): equal text means equal JSON, key order included. */
function fingerprint(node: JsonSchemaNode): string {
  node.fingerprint ??= JSON.stringify(node.raw) ?? ''
  return node.fingerprint
}
