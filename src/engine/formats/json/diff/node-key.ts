/**
 * Keys of schema nodes, equal for schemas the registry deems equal when it collects the subschemas
 * of a combined schema in a set (it compares their printed JSON). A node's key names its subschemas
 * by their own key's number, so keys stay short however deep the schema; `$ref` prints as the
 * reference, so recursive schemas have finite keys.
 */
import { canonicalValue } from '../canonical.js'
import type { JsonSchemaNode } from '../model.js'

/** Numbers structurally equal nodes alike, for one comparison. */
export class NodeKeys {
  private readonly byNode = new Map<JsonSchemaNode, number>()
  private readonly byText = new Map<string, number>()

  /** The node's key (computed once per node). */
  key(node: JsonSchemaNode): number {
    let key = this.byNode.get(node)
    if (key === undefined) {
      const text = canonicalValue(printable(node, (n) => this.key(n)))
      key = this.byText.get(text)
      if (key === undefined) this.byText.set(text, (key = this.byText.size))
      this.byNode.set(node, key)
    }
    return key
  }
}

function printable(node: JsonSchemaNode, nodeKey: (node: JsonSchemaNode) => number): unknown {
  const out: Record<string, unknown> = { kind: node.kind }
  if (node.id !== undefined) out.id = node.id
  if (node.title !== undefined) out.title = node.title
  if (node.description !== undefined) out.description = node.description
  if (node.hasDefault) out.default = node.defaultValue ?? null
  const sub = (n: JsonSchemaNode | undefined) => (n === undefined ? undefined : nodeKey(n))
  const sorted = <V>(m: Map<string, V>, f: (v: V) => unknown) => Object.fromEntries([...m.keys()].sort().map((k) => [k, f(m.get(k)!)]))
  switch (node.kind) {
    case 'string':
      return { ...out, minLength: node.minLength, maxLength: node.maxLength, pattern: node.pattern }
    case 'number':
      return {
        ...out,
        integer: node.requiresInteger,
        minimum: node.minimum,
        maximum: node.maximum,
        exMin: node.exclusiveMinimum,
        exMax: node.exclusiveMaximum,
        multipleOf: node.multipleOf,
      }
    case 'object':
      return {
        ...out,
        properties: sorted(node.properties, sub),
        required: [...node.required].sort(),
        additional: node.additionalProperties,
        additionalSchema: sub(node.additionalSchema),
        patterns: node.patternProperties.map((p) => [p.pattern, nodeKey(p.schema)]),
        propertyDependencies: sorted(node.propertyDependencies, (v) => [...v].sort()),
        schemaDependencies: sorted(node.schemaDependencies, sub),
        minProperties: node.minProperties,
        maxProperties: node.maxProperties,
        propertyNames: sub(node.propertyNames),
        unevaluated: sub(node.unevaluated),
      }
    case 'array':
      return {
        ...out,
        allItems: sub(node.allItems),
        items: node.itemSchemas?.map((n) => nodeKey(n)),
        additional: node.additionalItems,
        additionalSchema: sub(node.additionalItemsSchema),
        minItems: node.minItems,
        maxItems: node.maxItems,
        unique: node.uniqueItems,
        contains: sub(node.contains),
        minContains: node.minContains,
        maxContains: node.maxContains,
        unevaluated: sub(node.unevaluated),
      }
    case 'enum':
      return { ...out, values: node.values }
    case 'const':
      return { ...out, value: node.value }
    case 'combined':
      return { ...out, criterion: node.criterion, subschemas: node.subschemas.map((n) => nodeKey(n)) }
    case 'not':
      return { ...out, not: nodeKey(node.schema) }
    case 'ref':
      return { ...out, ref: node.ref }
    default:
      return out
  }
}
