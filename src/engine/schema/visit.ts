import type { Field, NamedSchema, RecordSchema, Schema } from './model.js'

/** What `visitSchema` calls back with: every node of a document and every field of its records. */
export interface SchemaVisitor {
  node?(schema: Schema): void
  field?(field: Field, record: RecordSchema): void
}

/**
 * Visits the nodes a document defines, depth first, each named type once; named types the
 * document only uses (defined in other files) are not entered.
 */
export function visitSchema(root: Schema, defined: ReadonlyMap<string, NamedSchema>, visitor: SchemaVisitor): void {
  const seen = new Set<Schema>()
  const own = new Set<Schema>(defined.values())
  const stack: Schema[] = [root]
  while (stack.length > 0) {
    const schema = stack.pop() as Schema
    if (seen.has(schema)) continue
    seen.add(schema)
    if ((schema.kind === 'record' || schema.kind === 'enum' || schema.kind === 'fixed') && !own.has(schema)) continue
    visitor.node?.(schema)
    if (schema.kind === 'record') {
      for (const field of schema.fields) visitor.field?.(field, schema)
      stack.push(...[...schema.fields].reverse().map((f) => f.type))
    } else if (schema.kind === 'array') stack.push(schema.items)
    else if (schema.kind === 'map') stack.push(schema.values)
    else if (schema.kind === 'union') stack.push(...[...schema.types].reverse())
  }
}
