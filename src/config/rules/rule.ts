import type { Config } from '../config.js'
import { closestMatches } from '../did-you-mean.js'

/** What a key rule can report while validating: an error (fails the config) or a warning. */
export interface RuleContext {
  /** The whole raw config object, for rules whose key depends on another (e.g. `defaultRegistry`). */
  readonly raw: Readonly<Record<string, unknown>>
  error(path: string, message: string): void
  warn(path: string, message: string): void
}

/**
 * One top-level configuration key: its purpose, its default and the validation of its raw value.
 * `validate` is called only when the key is present; it returns the typed value (ignored when it
 * reported an error).
 */
export interface KeyRule<K extends keyof Config = keyof Config> {
  readonly key: K
  readonly purpose: string
  defaultValue(): Config[K]
  validate(value: unknown, context: RuleContext): Config[K]
}

/** A JSON-ish description of a value for messages: strings quoted, others as JSON. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`
  if (value === undefined) return 'nothing'
  return JSON.stringify(value) ?? String(value)
}

/** Only the JSON type of a value ("a string", "an object", …), for messages about values that may be secrets. */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** Whether a value is a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The warning for an unknown key: the nearest known key suggested first, then the known keys. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  return `unknown key${didYouMean(key, known)} (known: ${known.join(', ')}); ignored`
}

/** "; did you mean 'X'?" for a value that is not one of `options` but close to one, else ''. */
export function didYouMean(value: string, options: readonly string[]): string {
  const nearest = closestMatches(value, options, 1)[0]
  return nearest === undefined ? '' : `; did you mean '${nearest}'?`
}
