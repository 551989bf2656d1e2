/**
 * Rule expressions: which rules carry CEL or JSONata, and how an expression is split before it is
 * parsed. The parsers themselves are given by the caller (`ExpressionParsers`): the engine imports
 * no expression library, so commands that never meet a rule pay nothing for one.
 */
import type { Rule } from './types.js'

/** Rule types whose `expr` is CEL (on the message, or on each field). */
export const CEL_RULE_TYPES: readonly string[] = ['CEL', 'CEL_FIELD']
/** Rule types whose `expr` is JSONata. */
export const JSONATA_RULE_TYPES: readonly string[] = ['JSONATA']

/** A syntax error in an expression: what is wrong and the character offset where, when known. */
export interface ExpressionError {
  message: string
  offset?: number
}

/** Syntax checks of rule expressions: each answers the first syntax error, or undefined when the expression parses. */
export interface ExpressionParsers {
  cel(expression: string): ExpressionError | undefined
  jsonata(expression: string): ExpressionError | undefined
}

/** One expression to parse and where it starts in the rule's `expr`. */
export interface ExpressionPart {
  text: string
  offset: number
}

/**
 * The CEL expressions in a CEL rule's `expr`. As the serializers run it, text before the first `;`
 * is a guard evaluated first (skipped when blank) and the rest is the expression itself.
 */
export function celExpressionParts(expr: string): ExpressionPart[] {
  const semicolon = expr.indexOf(';')
  if (semicolon < 0) return [{ text: expr, offset: 0 }]
  const guard = expr.slice(0, semicolon)
  const body = { text: expr.slice(semicolon + 1), offset: semicolon + 1 }
  return guard.trim() === '' ? [body] : [{ text: guard, offset: 0 }, body]
}

/** Whether a rule's expression is CEL. */
export function isCelRule(rule: Rule): boolean {
  return CEL_RULE_TYPES.includes(rule.type)
}

/** Whether a rule's expression is JSONata. */
export function isJsonataRule(rule: Rule): boolean {
  return JSONATA_RULE_TYPES.includes(rule.type)
}
