/** Reading keyword values with the types the registry's loaders require, reporting where one is wrong. */
import { member, type KeywordContext, type Pointer } from './nodes.js'

/** A non-negative integer (`maxLength`, `minItems`…), or undefined after reporting a problem. */
export function readCount(ctx: KeywordContext, key: string, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be a non-negative integer, not ${show(value)}`)
  return undefined
}

/** A finite number (`minimum`, `multipleOf`…). */
export function readNumber(ctx: KeywordContext, key: string, value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be a number, not ${show(value)}`)
  return undefined
}

export function readString(ctx: KeywordContext, key: string, value: unknown): string | undefined {
  if (typeof value === 'string') return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be a string, not ${show(value)}`)
  return undefined
}

export function readBoolean(ctx: KeywordContext, key: string, value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be true or false, not ${show(value)}`)
  return undefined
}

/** An array of strings (`required`, a `dependencies` list). */
export function readStringList(ctx: KeywordContext, key: string, value: unknown, pointer: Pointer = member(ctx.pointer, key)): string[] | undefined {
  if (!Array.isArray(value)) {
    ctx.problem(pointer, `'${key}' must be an array of strings, not ${show(value)}`)
    return undefined
  }
  const bad = value.findIndex((v) => typeof v !== 'string')
  if (bad !== -1) {
    ctx.problem(member(pointer, bad), `'${key}' must hold strings only, not ${show(value[bad])}`)
    return undefined
  }
  return value as string[]
}

/** A JSON object (`properties`, `definitions`…). */
export function readObject(ctx: KeywordContext, key: string, value: unknown): Record<string, unknown> | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  ctx.problem(member(ctx.pointer, key), `'${key}' must be an object, not ${show(value)}`)
  return undefined
}

export function readArray(ctx: KeywordContext, key: string, value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be an array, not ${show(value)}`)
  return undefined
}

/** A regular expression as the registry's (Java) loader compiles it; undefined after reporting one JavaScript cannot read. */
export function readPattern(ctx: KeywordContext, pointer: Pointer, source: string): RegExp | undefined {
  try {
    return new RegExp(source, 'u')
  } catch {
    try {
      return new RegExp(source)
    } catch (e) {
      ctx.problem(pointer, `Invalid regular expression '${source}': ${e instanceof Error ? e.message : String(e)}`)
      return undefined
    }
  }
}

/** A short rendering of a JSON value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  const text = JSON.stringify(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}
