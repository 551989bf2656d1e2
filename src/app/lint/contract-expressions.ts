import type { ExpressionError, ExpressionParsers } from '../../engine/contracts/index.js'

/**
 * The syntax checks of rule expressions, with the parsers the official JavaScript client
 * (`@confluentinc/schemaregistry`) runs rules with: `@bufbuild/cel` (a CEL implementation generated
 * from the CEL grammar) and `jsonata`. Both load on first use (about 0.4 s and 0.15 s on the
 * benchmark machine), so only a lint that meets a CEL or JSONata rule pays for them.
 */
export async function loadExpressionParsers(): Promise<ExpressionParsers> {
  const [{ parse }, { default: jsonata }] = await Promise.all([import('@bufbuild/cel'), import('jsonata')])
  return {
    cel(expression) {
      try {
        parse(expression)
        return undefined
      } catch (err) {
        return celError(err)
      }
    },
    jsonata(expression) {
      try {
        jsonata(expression)
        return undefined
      } catch (err) {
        return jsonataError(err)
      }
    },
  }
}

/** A CEL syntax error: the parser's message without its `<input>:1:11: ` prefix, at its start offset. */
function celError(err: unknown): ExpressionError {
  const error = err as { message?: string; location?: { start?: { offset?: number } } }
  const message = String(error.message ?? err).replace(/^<input>:\d+:\d+: /, '')
  const offset = error.location?.start?.offset
  return typeof offset === 'number' ? { message, offset } : { message }
}

/** A JSONata syntax error: its message and code (`S0203`), at the position the compiler reports (the character after the token). */
function jsonataError(err: unknown): ExpressionError {
  const error = err as { message?: string; code?: string; position?: number }
  const message = `${String(error.message ?? err)}${error.code ? ` (${error.code})` : ''}`
  return typeof error.position === 'number' ? { message, offset: Math.max(0, error.position - 1) } : { message }
}
