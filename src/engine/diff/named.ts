/** NAME_CHANGED and NAMESPACE_CHANGED of a record, enum or fixed, and its doc. */
import type { NamedSchema } from '../schema/model.js'
import type { DiffContext } from './context.js'
import { diffDoc } from './docs.js'

/** Compares what every named type has: its name, namespace and doc. */
export function diffNamed(ctx: DiffContext, a: NamedSchema, b: NamedSchema): void {
  const where = `${b.kind} '${b.fullName}'`
  if (a.name !== b.name) {
    const alias = b.aliases.includes(a.fullName) ? ` (alias '${a.fullName}' kept)` : ''
    ctx.add({
      kind: 'NAME_CHANGED',
      path: b.pointer,
      message: `${a.kind} '${a.fullName}' renamed to '${b.fullName}'${alias}`,
      before: a.fullName,
      after: b.fullName,
    })
  } else if (a.namespace !== b.namespace) {
    ctx.add({
      kind: 'NAMESPACE_CHANGED',
      path: b.pointer,
      message: `${where}: namespace changed from '${a.namespace}' to '${b.namespace}'`,
      before: a.namespace,
      after: b.namespace,
    })
  }
  diffDoc(ctx, a.doc, b.doc, { a: a.pointer, b: b.pointer }, where)
}
