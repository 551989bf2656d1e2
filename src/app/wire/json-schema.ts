/**
 * JSON Schema messages on the wire: the record's UTF-8 JSON after the header, validated against
 * the schema with ajv in the schema's draft (`$schema`; draft-07 when absent, as the registry
 * assumes). References are added to ajv under their reference names, so a `$ref` to a name
 * resolves; nothing is fetched over the network (an unresolved `$ref` is a schema error).
 */
import { isUtf8 } from 'node:buffer'
import { createRequire } from 'node:module'
import { readJsonText } from '../../engine/schema/index.js'
import type { SchemaDependencies } from '../../engine/index.js'
import type { WireCodec, WireSchema, WireSchemaResult } from './codecs.js'
import { readerNotApplicable } from './schema.js'

type AjvClass = typeof import('ajv').default
type Ajv = InstanceType<AjvClass>
type ValidateFunction = ReturnType<Ajv['compile']>
type AjvError = NonNullable<ValidateFunction['errors']>[number]

const require = createRequire(import.meta.url)

/** ajv's class for a `$schema` value: draft-04/06/07 are read by the draft-07 class (draft-04 rewritten first), 2019-09 and 2020-12 by theirs. */
function draftOf(schemaKeyword: unknown): { module: string; draft04: boolean } | undefined {
  if (schemaKeyword === undefined) return { module: 'ajv', draft04: false }
  if (typeof schemaKeyword !== 'string') return undefined
  if (/^https?:\/\/json-schema\.org\/draft-04\/schema#?$/.test(schemaKeyword)) return { module: 'ajv', draft04: true }
  if (/^https?:\/\/json-schema\.org\/draft-0[67]\/schema#?$/.test(schemaKeyword)) return { module: 'ajv', draft04: false }
  if (/^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/.test(schemaKeyword)) return { module: 'ajv/dist/2019', draft04: false }
  if (/^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/.test(schemaKeyword)) return { module: 'ajv/dist/2020', draft04: false }
  return undefined
}

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example'])

/**
 * A draft-04 schema in draft-06+ words, which ajv 8 reads: `id` → `$id`, boolean
 * `exclusiveMaximum`/`exclusiveMinimum` → the numeric form. `$schema` is dropped (ajv is chosen by it).
 */
function fromDraft04(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromDraft04)
  if (node === null || typeof node !== 'object') return node
  const input = node as Record<string, unknown>
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    if (key === '$schema') continue
    if (key === 'id' && typeof value === 'string') out.$id = value
    else if ((key === 'exclusiveMaximum' || key === 'exclusiveMinimum') && typeof value === 'boolean') {
      const bound = key === 'exclusiveMaximum' ? 'maximum' : 'minimum'
      if (value && typeof input[bound] === 'number') out[key] = input[bound]
    } else if ((key === 'maximum' || key === 'minimum') && input[key === 'maximum' ? 'exclusiveMaximum' : 'exclusiveMinimum'] === true) continue
    else out[key] = DATA_KEYWORDS.has(key) ? value : fromDraft04(value)
  }
  return out
}

/** The schema as ajv takes it: `$schema` removed (ajv is chosen by it, and has no meta-schema for draft-04/06). */
function forAjv(schema: unknown, draft04: boolean): unknown {
  if (draft04) return fromDraft04(schema)
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema
  const { $schema: _dialect, ...rest } = schema as Record<string, unknown>
  return rest
}

/** A JSON Pointer (ajv's `instancePath`) as a field path such as `items[0].name` (`$` for the record), as the other codecs name fields. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') return '$'
  return pointer
    .slice(1)
    .split('/')
    .map((raw, i) => {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
      if (/^(0|[1-9]\d*)$/.test(part)) return `[${part}]`
      if (/^[A-Za-z_$][\w$]*$/.test(part)) return i === 0 ? part : `.${part}`
      return `[${JSON.stringify(part)}]`
    })
    .join('')
}

/** ajv's first error as the path of the failing value and what is wrong with it. */
function describe(error: AjvError | undefined): { path: string; message: string } {
  if (error === undefined) return { path: '$', message: 'does not match the schema' }
  const params = error.params as Record<string, unknown>
  const path = pointerToPath(error.instancePath)
  const detail =
    error.keyword === 'enum' && Array.isArray(params.allowedValues)
      ? `${error.message}: ${params.allowedValues
          .slice(0, 10)
          .map((v) => JSON.stringify(v))
          .join(', ')}`
      : error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string'
        ? `${error.message}: ${JSON.stringify(params.additionalProperty)}`
        : (error.message ?? 'does not match the schema')
  return { path, message: `${detail} (${error.schemaPath})` }
}

/** JSON whitespace outside strings removed: the record as one compact line, every digit kept (no JSON.parse round trip). */
export function compactJson(text: string): string {
  let out = ''
  let start = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
      continue
    }
    if (c === 34) inString = true
    else if (c === 32 || c === 9 || c === 10 || c === 13) {
      out += text.slice(start, i)
      start = i + 1
    }
  }
  return start === 0 ? text : out + text.slice(start)
}

const utf8Encoder = new TextEncoder()

/** A compiled JSON Schema as a `WireSchema`. */
function jsonWireSchema(validate: ValidateFunction, title: string | undefined): WireSchema {
  return {
    schemaType: 'JSON',
    decoder(options) {
      if (options.reader !== undefined) throw readerNotApplicable('JSON Schema')
      return {
        ok: true,
        decoder: {
          decodeJson(bytes, offset, end, out) {
            if (!isUtf8(bytes.subarray(offset, end))) return { ok: false, error: { code: 'INVALID_UTF8', message: 'the payload is not valid UTF-8' } }
            const text = bytes.toString('utf8', offset, end)
            let value: unknown
            try {
              value = JSON.parse(text)
            } catch (err) {
              return { ok: false, error: { code: 'INVALID_JSON', message: `the payload is not JSON: ${(err as Error).message}` } }
            }
            if (!validate(value)) {
              const { path, message } = describe(validate.errors?.[0])
              return { ok: false, error: { code: 'RECORD_INVALID', message: `${path === '$' ? 'the record' : `field ${path}`}: ${message}` } }
            }
            // The payload's own bytes, so every digit is kept; a line end in valid JSON is whitespace outside strings.
            let start = offset
            let stop = end
            while (start < stop && isSpace(bytes[start])) start++
            while (stop > start && isSpace(bytes[stop - 1])) stop--
            const mark = out.length
            out.append(bytes, start, stop)
            const written = out.buf.subarray(mark, out.length)
            if (written.indexOf(10) >= 0 || written.indexOf(13) >= 0)
              for (let i = 0; i < written.length; i++) if (written[i] === 10 || written[i] === 13) written[i] = 32
            return { ok: true }
          },
        },
      }
    },
    encoder(options) {
      if (options.message !== undefined) return { ok: false, message: '--message applies to Protobuf schemas only' }
      return {
        ok: true,
        encoder: {
          encode(text) {
            let value: unknown
            try {
              value = JSON.parse(text)
            } catch (err) {
              return { ok: false, error: { code: 'INVALID_JSON', path: '$', message: `invalid JSON: ${(err as Error).message}` } }
            }
            if (!validate(value)) return { ok: false, error: { code: 'RECORD_INVALID', ...describe(validate.errors?.[0]) } }
            return { ok: true, bytes: utf8Encoder.encode(compactJson(text)) }
          },
        },
      }
    },
    recordName: () => title,
  }
}

function isSpace(byte: number): boolean {
  return byte === 32 || byte === 9 || byte === 10 || byte === 13
}

/** Compiles the JSON Schema text `text` with its references (`dependencies`: reference name → schema text). */
function load(text: string, dependencies: SchemaDependencies, where: string): WireSchemaResult {
  const invalid = (message: string): WireSchemaResult => ({
    ok: false,
    code: 'INVALID_SCHEMA',
    error: `${where} cannot be used to validate records: ${message}`,
  })
  const parse = (source: string, name: string): { ok: true; value: unknown } | { ok: false; message: string } => {
    const json = readJsonText(source)
    return json.ok ? { ok: true, value: json.value } : { ok: false, message: `${name}:${json.position.line}:${json.position.column}: ${json.message}` }
  }
  const root = parse(text, 'the schema')
  if (!root.ok) return invalid(root.message)
  const schema = root.value
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema)))
    return invalid('a JSON Schema is an object or a boolean')
  const draft = draftOf(typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined)
  if (draft === undefined)
    return invalid(`unknown $schema ${JSON.stringify((schema as { $schema?: unknown }).$schema)}: expected draft-04, draft-06, draft-07, 2019-09 or 2020-12`)
  try {
    const Ajv = (require(draft.module) as { default: AjvClass }).default
    const ajv = new Ajv({ strict: false, validateFormats: false, validateSchema: false, allErrors: false })
    for (const [name, source] of Object.entries(dependencies)) {
      const dependency = parse(source, `reference '${name}'`)
      if (!dependency.ok) return invalid(dependency.message)
      const value = dependency.value
      const depDraft = draftOf(value !== null && typeof value === 'object' ? (value as { $schema?: unknown }).$schema : undefined)
      ajv.addSchema(forAjv(value, depDraft?.draft04 === true) as object, name)
    }
    const validate = ajv.compile(forAjv(schema, draft.draft04) as object)
    const title = typeof schema === 'object' && typeof (schema as { title?: unknown }).title === 'string' ? (schema as { title: string }).title : undefined
    return { ok: true, wire: jsonWireSchema(validate, title) }
  } catch (err) {
    return invalid((err as Error).message)
  }
}

/** The JSON Schema codec. */
export const jsonSchemaWire: WireCodec = {
  async fromRegistry(fetched, what, context) {
    const deps = await context.dependencies(fetched, what)
    return deps.ok ? load(fetched.schema, deps.dependencies, what) : deps
  },
  fromText: (text, where) => load(text, {}, where),
}
