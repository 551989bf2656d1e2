/**
 * JSON Schemas are validated against their draft's meta-schema with ajv: draft-07 unless
 * `$schema` names 2019-09 or 2020-12 (draft-06 is checked as draft-07, which differs little). Draft-04 and unknown dialects (which ajv 8 has
 * no meta-schema for) are only checked to be JSON objects or booleans.
 */
import { createRequire } from 'node:module'

type AjvClass = typeof import('ajv').default
type Ajv = InstanceType<AjvClass>
type Dialect = '7' | '2019' | '2020'

const require = createRequire(import.meta.url)
const instances = new Map<Dialect, Ajv>()

// Built on first use (compiling a meta-schema costs milliseconds), synchronously, as registrations do not await.
function ajvFor(dialect: Dialect): Ajv {
  let ajv = instances.get(dialect)
  if (!ajv) {
    const module = dialect === '7' ? 'ajv' : `ajv/dist/${dialect}`
    const Ajv = (require(module) as { default: AjvClass }).default
    ajv = new Ajv({ strict: false, validateFormats: false })
    instances.set(dialect, ajv)
  }
  return ajv
}

function dialectOf(uri: unknown): Dialect | undefined {
  if (uri === undefined) return '7'
  if (typeof uri !== 'string') return undefined
  if (/^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/.test(uri)) return '7'
  if (/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/.test(uri)) return '2019'
  if (/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/.test(uri)) return '2020'
  return undefined
}

/** Why `value` (parsed JSON) is not a valid JSON Schema, naming the first problem's location; undefined when valid. */
export function checkJsonSchema(value: unknown): string | undefined {
  if (typeof value === 'boolean') return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'Invalid schema: a JSON Schema must be an object or a boolean'
  const dialect = dialectOf((value as { $schema?: unknown }).$schema)
  if (!dialect) return undefined
  const ajv = ajvFor(dialect)
  // Checked against the instance's own meta-schema: ajv would look `$schema` up by its exact URI.
  const { $schema: _dialect, ...schema } = value as Record<string, unknown>
  if (ajv.validateSchema(schema)) return undefined
  const first = ajv.errors?.[0]
  return `Invalid schema: ${first?.instancePath || '/'} ${first?.message ?? 'does not match the meta-schema'}`
}
