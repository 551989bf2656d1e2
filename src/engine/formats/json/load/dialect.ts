/** Which draft a schema is written in, from its `$schema` (draft-07 when absent, as the registry assumes). */
import type { Dialect } from '../model.js'

const DIALECTS: ReadonlyArray<[RegExp, Dialect]> = [
  [/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/, 'draft-04'],
  [/^https?:\/\/json-schema\.org\/draft-06\/schema#?$/, 'draft-06'],
  [/^https?:\/\/json-schema\.org\/draft-07\/schema#?$/, 'draft-07'],
  [/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/, '2019-09'],
  [/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/, '2020-12'],
]

/** The supported `$schema` values, for messages. */
export const SUPPORTED_DIALECTS = 'draft-04, draft-06, draft-07, 2019-09 or 2020-12 (https://json-schema.org/…)'

/** The dialect `$schema` names, undefined for a value the registry does not support. */
export function dialectOf(schemaKeyword: unknown): Dialect | undefined {
  if (schemaKeyword === undefined) return 'draft-07'
  if (typeof schemaKeyword !== 'string') return undefined
  return DIALECTS.find(([pattern]) => pattern.test(schemaKeyword))?.[1]
}

/** Whether the dialect is read the 2019-09/2020-12 way (keywords side by side with `$ref`, `prefixItems`…). */
export function isModern(dialect: Dialect): boolean {
  return dialect === '2019-09' || dialect === '2020-12'
}
