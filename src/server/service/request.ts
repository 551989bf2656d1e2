/**
 * Request bodies and path segments, read in one place: the schema members of a register, lookup or
 * compatibility request (typed here, never cast), the id and version a registration may carry, its
 * schema references and data contract, and a `{version}` path segment.
 */
import { contracts } from '../../engine/index.js'
import { NumberText } from '../exact-numbers.js'
import { restErrors } from '../rest-error.js'

/** The largest id or version: Confluent stores both as a Java int. */
export const MAX_INT = 2 ** 31 - 1

/** The schema types the registry accepts, as GET /schemas/types lists them. */
export const SCHEMA_TYPES = ['JSON', 'PROTOBUF', 'AVRO'] as const

/** The body of a register, lookup or compatibility request, each member as sent but typed. */
export interface SchemaRequest {
  /** The schema text; undefined when absent or not a string (an empty schema). */
  schema?: string
  /** `schemaType` as sent; undefined means AVRO. */
  schemaType?: string
  /** `references` as sent; `readReferences` checks them. */
  references?: unknown
  /** The data contract as sent; `sentContract` checks it. */
  metadata?: unknown
  ruleSet?: unknown
}

/** A registration's body: the schema request and the id and version an import may give. */
export interface RegisterRequest extends SchemaRequest {
  id?: number
  version?: number
}

/** A schema reference as a request gives it (the version may be -1: the latest). */
export interface RequestReference {
  name: string
  subject: string
  version: number
}

/** Reads the schema members of a request body; nothing is refused yet (see `checkedSchema`, `readReferences`, `sentContract`). */
export function parseSchemaRequest(body: Readonly<Record<string, unknown>>): SchemaRequest {
  const { schema, schemaType, references, metadata, ruleSet } = body
  return {
    schema: typeof schema === 'string' ? schema : undefined,
    schemaType: schemaType === undefined || schemaType === null ? undefined : String(schemaType),
    references,
    metadata,
    ruleSet,
  }
}

/**
 * Reads a registration body: the schema members, and the `id` and `version`, each absent (missing or
 * null) or an integer 1 … 2^31-1; otherwise 42201 (id) or 42202 (version), whatever the mode. The body
 * parser leaves a number that JSON would round as its source text (NumberText), so 2^53 + 1 is refused.
 */
export function parseRegisterRequest(body: Readonly<Record<string, unknown>>): RegisterRequest {
  const valid = (raw: unknown): raw is number => typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_INT
  const { id, version } = body
  if (id !== undefined && id !== null && !valid(id)) throw restErrors.invalidId(echo(id))
  if (version !== undefined && version !== null && !valid(version)) throw restErrors.invalidVersion(echo(version))
  return { ...parseSchemaRequest(body), id: id ?? undefined, version: version ?? undefined }
}

/** The request's schema type (upper case) and text; 42201 for an unknown type or an empty schema. */
export function checkedSchema(request: SchemaRequest): { schemaType: string; schema: string } {
  const schemaType = request.schemaType === undefined ? 'AVRO' : request.schemaType.toUpperCase()
  if (!(SCHEMA_TYPES as readonly string[]).includes(schemaType)) throw restErrors.invalidSchemaType(String(request.schemaType))
  if (request.schema === undefined || request.schema.trim() === '') throw restErrors.emptySchema()
  return { schemaType, schema: request.schema }
}

/** The request's references; 42201 for one that is not `{name, subject, version}` with an integer version. */
export function readReferences(raw: unknown): RequestReference[] {
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw restErrors.invalidSchema(`Invalid reference: ${JSON.stringify(raw)}`)
  return raw.map((ref: unknown) => {
    const { name, subject, version } = (ref ?? {}) as Record<string, unknown>
    if (typeof name !== 'string' || typeof subject !== 'string' || typeof version !== 'number' || !Number.isInteger(version)) {
      throw restErrors.invalidSchema(`Invalid reference: ${JSON.stringify(ref)}`)
    }
    return { name, subject, version }
  })
}

/**
 * The contract a request sent, in normal form (members absent when not sent); throws the
 * registry's 400 or 42210 for one it refuses. A lookup cannot find a rule set the registry would
 * refuse to store: it answers 40403 for one that only breaks the rule-set checks.
 */
export function sentContract(request: SchemaRequest, forLookup = false): contracts.Contract {
  const outcome = contracts.prepareContract({ schemaMetadata: request.metadata, schemaRuleSet: request.ruleSet, importing: true })
  if (outcome.ok) return outcome.value
  if (forLookup && outcome.issues[0].errorCode === 42210) throw restErrors.schemaNotFound()
  throw restErrors.invalidContract(outcome.issues[0])
}

/** Parses a `{version}` path segment: `latest` or -1 is -1, else 1 … 2^31-1; 42202 otherwise. */
export function parseVersion(raw: string): number {
  const text = raw.trim()
  if (/^latest$/i.test(text)) return -1
  if (/^[-+]?\d+$/.test(text)) {
    const n = Number(text)
    if (n === -1 || (n >= 1 && n <= MAX_INT)) return n
  }
  throw restErrors.invalidVersion(text)
}

/** How a request field's value is echoed in an error: numbers as written, anything else as JSON, cut short. */
function echo(raw: unknown): string {
  const text = typeof raw === 'number' || raw instanceof NumberText ? String(raw) : (JSON.stringify(raw) ?? String(raw))
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}
