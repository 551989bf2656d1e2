/** ENUM_SYMBOL_ADDED, ENUM_SYMBOL_REMOVED and ENUM_DEFAULT_CHANGED. */
import type { EnumSchema } from '../schema/model.js'
import type { DiffContext } from './context.js'

/** Compares the symbols (by name, in `b`'s order, then removals) and the enum's default symbol. */
export function diffEnum(ctx: DiffContext, a: EnumSchema, b: EnumSchema): void {
  const where = `enum '${b.fullName}'`
  const before = new Set(a.symbols)
  const after = new Set(b.symbols)
  b.symbols.forEach((symbol, i) => {
    if (!before.has(symbol))
      ctx.add({ kind: 'ENUM_SYMBOL_ADDED', path: `${b.pointer}/symbols/${i}`, message: `${where}: symbol '${symbol}' added`, after: symbol })
  })
  a.symbols.forEach((symbol, i) => {
    if (!after.has(symbol))
      ctx.add({ kind: 'ENUM_SYMBOL_REMOVED', path: `${a.pointer}/symbols/${i}`, message: `${where}: symbol '${symbol}' removed`, before: symbol })
  })
  if (a.default === b.default) return
  const change =
    a.default === undefined
      ? `default '${b.default}' added`
      : b.default === undefined
        ? `default '${a.default}' removed`
        : `default changed from '${a.default}' to '${b.default}'`
  ctx.add({
    kind: 'ENUM_DEFAULT_CHANGED',
    path: b.default === undefined ? `${a.pointer}/default` : `${b.pointer}/default`,
    message: `${where}: ${change}`,
    ...(a.default === undefined ? {} : { before: a.default }),
    ...(b.default === undefined ? {} : { after: b.default }),
  })
}
