/**
 * Parses and validates an Avro schema document into the engine's model, with Apache Avro 1.12.1
 * (Java) semantics: the schemas it accepts are the schemas the registry accepts.
 */
import type { ParsedSchema, ParseOptions, ParseResult, SchemaError, SchemaInput } from '../types.js'
import { isValidDefault } from './defaults.js'
import { fingerprint64, toCanonicalForm } from './canonical.js'
import { toAvroJson } from './avro-json.js'
import { locatePointer, readJsonText } from './locate.js'
import type { ArraySchema, EnumSchema, Field, FixedSchema, MapSchema, NamedSchema, PrimitiveSchema, PrimitiveType, RecordSchema, Schema, UnionSchema } from './model.js'
import { parseJavaDouble } from './java-double.js'
import { findInvalidSegment, nameProblem, PRIMITIVE_TYPES, qualifyReference, resolveName } from './names.js'
import { schemasEqual } from './schema-equality.js'

/** Deepest nesting accepted; deeper documents get a clean error instead of exhausting the stack. */
export const MAX_SCHEMA_DEPTH = 1000

const SCHEMA_RESERVED = new Set(['doc', 'fields', 'items', 'name', 'namespace', 'size', 'symbols', 'values', 'type', 'aliases'])
const ENUM_RESERVED = new Set([...SCHEMA_RESERVED, 'default'])
const FIELD_RESERVED = new Set(['default', 'doc', 'name', 'order', 'type', 'aliases'])
const FIELD_ORDERS = new Set(['ascending', 'descending', 'ignore'])
const EMPTY_PROPS: Readonly<Record<string, unknown>> = Object.freeze({})
const NO_ALIASES: readonly string[] = Object.freeze([])
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/

/** Internal signal carrying the first problem found; converted to a `SchemaError` at the boundary. */
class SchemaProblem {
  constructor(
    readonly message: string,
    readonly path: string,
  ) {}
}

type Json = Record<string, unknown>
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** A use of a name not (yet) defined where it appears: Avro 1.12 resolves it once the document is read. */
interface PendingReference {
  fullName: string
  path: string
  assign: (schema: NamedSchema) => void
}

class DocumentParser {
  readonly defined = new Map<string, NamedSchema>()
  readonly referenced = new Set<string>()
  private readonly pending: PendingReference[] = []
  /** Unions are checked once forward references are resolved: duplicates may only show then. */
  private readonly unions: UnionSchema[] = []
  private readonly defaultsToCheck: Array<{ field: Field; record: RecordSchema }> = []

  constructor(
    private readonly external: ReadonlyMap<string, NamedSchema> | undefined,
    private readonly validateDefaults: boolean,
  ) {}

  parseDocument(json: unknown): Schema {
    let root: Schema = PLACEHOLDER
    root = this.parse(json, '', '', 0, (resolved) => {
      root = resolved
    })
    for (const ref of this.pending) {
      // Avro 1.12 resolves a name left open during the read by its full name only.
      const found = this.defined.get(ref.fullName) ?? this.fromExternal(ref.fullName)
      if (!found) throw new SchemaProblem(`Undefined name '${ref.fullName}'${at(ref.path)}`, ref.path)
      ref.assign(found)
    }
    this.checkUnions()
    for (const { field, record } of this.defaultsToCheck) this.checkDefault(field, record)
    return root
  }

  /** Parses one schema node; `assign` receives the resolved schema when `json` is a forward reference. */
  private parse(json: unknown, namespace: string, path: string, depth: number, assign: (schema: NamedSchema) => void): Schema {
    if (depth > MAX_SCHEMA_DEPTH) throw new SchemaProblem(`Schema nested too deeply (more than ${MAX_SCHEMA_DEPTH} levels)${at(path)}`, path)
    if (typeof json === 'string') return this.reference(json, namespace, path, assign)
    if (Array.isArray(json)) return this.parseUnion(json, namespace, path, depth)
    if (typeof json === 'object' && json !== null) return this.parseObject(json as Json, namespace, path, depth, assign)
    throw new SchemaProblem(`Not a schema: ${preview(json)}${at(path)}`, path)
  }

  private reference(ref: string, namespace: string, path: string, assign: (schema: NamedSchema) => void): Schema {
    if (PRIMITIVE_TYPES.has(ref)) return primitive(ref as PrimitiveType, path, EMPTY_PROPS)
    const fullName = qualifyReference(ref, namespace)
    const found = this.lookup(fullName, ref)
    if (found) return found
    if (!BARE_NAME.test(ref)) throw new SchemaProblem(`Undefined name '${ref}'${at(path)}`, path)
    this.pending.push({ fullName, path, assign })
    // A placeholder keeps the model's shape until the reference is resolved (or reported undefined).
    return PLACEHOLDER
  }

  /** Finds a named type by its full name, then by the name as written (Avro 1.12's fallback to the null namespace). */
  private lookup(fullName: string, written: string): NamedSchema | undefined {
    const found = this.defined.get(fullName) ?? this.fromExternal(fullName)
    if (found || written === fullName) return found
    return this.defined.get(written) ?? this.fromExternal(written)
  }

  private fromExternal(fullName: string): NamedSchema | undefined {
    const found = this.external?.get(fullName)
    if (found) this.referenced.add(fullName)
    return found
  }

  private parseObject(json: Json, namespace: string, path: string, depth: number, assign: (schema: NamedSchema) => void): Schema {
    const type = json.type
    if (type === undefined) throw new SchemaProblem(`No type in schema${at(path)}`, path)
    if (typeof type !== 'string') {
      // Avro reads `type` as a name only: {"type": {...}} is rejected, the inner schema must stand alone.
      throw new SchemaProblem(`No type: 'type' must be a type name, not ${preview(type)}; write the schema itself instead of wrapping it${at(`${path}/type`)}`, `${path}/type`)
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.parseRecord(json, type, namespace, path, depth)
      case 'enum':
        return this.parseEnum(json, namespace, path)
      case 'fixed':
        return this.parseFixed(json, namespace, path)
      case 'array': {
        if (!('items' in json)) throw new SchemaProblem(`Array has no 'items' type${at(path)}`, path)
        const node: Mutable<ArraySchema> = { kind: 'array', pointer: path, props: collectProps(json, SCHEMA_RESERVED), items: PLACEHOLDER }
        setLogicalType(node)
        node.items = this.parse(json.items, namespace, `${path}/items`, depth + 1, (s) => (node.items = s))
        return node
      }
      case 'map': {
        if (!('values' in json)) throw new SchemaProblem(`Map has no 'values' type${at(path)}`, path)
        const node: Mutable<MapSchema> = { kind: 'map', pointer: path, props: collectProps(json, SCHEMA_RESERVED), values: PLACEHOLDER }
        setLogicalType(node)
        node.values = this.parse(json.values, namespace, `${path}/values`, depth + 1, (s) => (node.values = s))
        return node
      }
      default:
        if (PRIMITIVE_TYPES.has(type)) return primitive(type as PrimitiveType, path, collectProps(json, SCHEMA_RESERVED))
        return this.reference(type, namespace, `${path}/type`, assign)
    }
  }

  private parseUnion(json: unknown[], namespace: string, path: string, depth: number): UnionSchema {
    const types: Schema[] = new Array(json.length)
    const node: UnionSchema = { kind: 'union', pointer: path, props: EMPTY_PROPS, types }
    for (let i = 0; i < json.length; i++) {
      types[i] = this.parse(json[i], namespace, `${path}/${i}`, depth + 1, (s) => (types[i] = s))
    }
    this.unions.push(node)
    return node
  }

  private named(json: Json, namespace: string, path: string): { name: string; namespace: string; fullName: string; aliases: readonly string[]; doc?: string } {
    const rawName = json.name
    if (typeof rawName !== 'string') throw new SchemaProblem(`No name in schema${at(path)}`, path)
    const explicit = json.namespace
    const resolved = resolveName(rawName, typeof explicit === 'string' ? explicit : namespace)
    const problem = nameProblem(resolved.name)
    if (problem) throw new SchemaProblem(`Invalid name '${resolved.name}' (${problem})${at(`${path}/name`)}`, `${path}/name`)
    if (resolved.namespace !== '') {
      const bad = findInvalidSegment(resolved.namespace)
      if (bad !== undefined) {
        const where = rawName.indexOf('.') >= 0 ? `${path}/name` : typeof explicit === 'string' ? `${path}/namespace` : path
        throw new SchemaProblem(`Invalid namespace '${resolved.namespace}': '${bad}' is not a valid name${at(where)}`, where)
      }
    }
    if (PRIMITIVE_TYPES.has(resolved.fullName)) {
      throw new SchemaProblem(`Schemas may not be named after primitives: '${resolved.fullName}'${at(`${path}/name`)}`, `${path}/name`)
    }
    const aliases = this.aliases(json, resolved.namespace, path)
    const doc = typeof json.doc === 'string' ? json.doc : undefined
    return { ...resolved, aliases, doc }
  }

  private aliases(json: Json, namespace: string | undefined, path: string): readonly string[] {
    const raw = json.aliases
    if (raw === undefined) return NO_ALIASES
    const where = `${path}/aliases`
    if (!Array.isArray(raw)) throw new SchemaProblem(`'aliases' is not an array${at(where)}`, where)
    const out: string[] = []
    for (let i = 0; i < raw.length; i++) {
      const alias = raw[i]
      if (typeof alias !== 'string') throw new SchemaProblem(`Alias is not a string${at(`${where}/${i}`)}`, `${where}/${i}`)
      if (namespace === undefined) {
        out.push(alias)
        continue
      }
      const resolved = resolveName(alias, namespace)
      const problem = nameProblem(resolved.name)
      if (problem) throw new SchemaProblem(`Invalid alias '${alias}' (${problem})${at(`${where}/${i}`)}`, `${where}/${i}`)
      out.push(resolved.fullName)
    }
    return out
  }

  private define(schema: NamedSchema, path: string): NamedSchema {
    const existing = this.defined.get(schema.fullName)
    if (existing) {
      // Avro accepts a second definition equal to the first (Schema.equals) and keeps the first.
      if (schemasEqual(existing, schema)) return existing
      throw new SchemaProblem(`Can't redefine '${schema.fullName}'${at(path)}`, path)
    }
    this.defined.set(schema.fullName, schema)
    return schema
  }

  private parseRecord(json: Json, type: 'record' | 'error', namespace: string, path: string, depth: number): RecordSchema {
    const names = this.named(json, namespace, path)
    const rawFields = json.fields
    if (!Array.isArray(rawFields)) throw new SchemaProblem(`Record '${names.fullName}' has no 'fields' array${at(path)}`, path)
    const fields: Field[] = []
    const record: Mutable<RecordSchema> = { kind: 'record', type, pointer: path, props: collectProps(json, SCHEMA_RESERVED), ...names, fields }
    if (names.doc === undefined) delete record.doc
    setLogicalType(record)
    const seen = new Set<string>()
    for (let i = 0; i < rawFields.length; i++) {
      const field = this.parseField(rawFields[i], names.namespace, `${path}/fields/${i}`, i, depth)
      if (seen.has(field.name)) throw new SchemaProblem(`Duplicate field '${field.name}' in record '${names.fullName}'${at(field.pointer)}`, field.pointer)
      seen.add(field.name)
      fields.push(field)
      if (field.default !== undefined && this.validateDefaults) this.defaultsToCheck.push({ field, record })
    }
    // Avro registers a record once its fields are read: references to it from inside resolve at the end.
    return this.define(record, path) as RecordSchema
  }

  private parseField(json: unknown, namespace: string, path: string, index: number, depth: number): Field {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SchemaProblem(`Field is not an object${at(path)}`, path)
    const raw = json as Json
    const name = raw.name
    if (typeof name !== 'string') throw new SchemaProblem(`No field name${at(path)}`, path)
    const problem = nameProblem(name)
    if (problem) throw new SchemaProblem(`Invalid field name '${name}' (${problem})${at(`${path}/name`)}`, `${path}/name`)
    if (!('type' in raw)) throw new SchemaProblem(`No type for field '${name}'${at(path)}`, path)
    const field: Mutable<Field> = { name, aliases: this.aliases(raw, undefined, path), type: PLACEHOLDER, props: collectProps(raw, FIELD_RESERVED), pointer: path, index }
    field.type = this.parse(raw.type, namespace, `${path}/type`, depth + 1, (s) => (field.type = s))
    if (typeof raw.doc === 'string') field.doc = raw.doc
    if (raw.order !== undefined) {
      if (typeof raw.order !== 'string' || !FIELD_ORDERS.has(raw.order.toLowerCase())) {
        throw new SchemaProblem(`Invalid order ${preview(raw.order)} for field '${name}'${at(`${path}/order`)}`, `${path}/order`)
      }
      field.order = raw.order.toLowerCase() as Field['order']
    }
    if ('default' in raw) field.default = { value: this.fieldDefault(raw.default, field, `${path}/default`) }
    return field
  }

  /** Avro converts a string default of a float or double field with Double.parseDouble, whether or not defaults are validated. */
  private fieldDefault(value: unknown, field: Field, path: string): unknown {
    if (typeof value !== 'string' || field.type.kind !== 'primitive' || (field.type.type !== 'float' && field.type.type !== 'double')) return value
    const number = parseJavaDouble(value)
    if (number === undefined) throw new SchemaProblem(`Invalid default for field '${field.name}': ${preview(value)} is not a number`, path)
    return number
  }

  private checkDefault(field: Field, record: RecordSchema): void {
    const value = field.default!.value
    if (!isValidDefault(field.type, value)) {
      throw new SchemaProblem(`Invalid default for field '${field.name}' in '${record.fullName}': ${preview(value)} is not ${describe(field.type)}`, `${field.pointer}/default`)
    }
  }

  private parseEnum(json: Json, namespace: string, path: string): EnumSchema {
    const names = this.named(json, namespace, path)
    const raw = json.symbols
    if (!Array.isArray(raw)) throw new SchemaProblem(`Enum '${names.fullName}' has no 'symbols' array${at(path)}`, path)
    const symbols: string[] = []
    const seen = new Set<string>()
    for (let i = 0; i < raw.length; i++) {
      const symbol = raw[i]
      const where = `${path}/symbols/${i}`
      const problem = typeof symbol === 'string' ? nameProblem(symbol) : 'not a string'
      if (problem) throw new SchemaProblem(`Invalid enum symbol ${preview(symbol)} (${problem})${at(where)}`, where)
      if (seen.has(symbol)) throw new SchemaProblem(`Duplicate enum symbol '${symbol}' in '${names.fullName}'${at(where)}`, where)
      seen.add(symbol)
      symbols.push(symbol)
    }
    const node: Mutable<EnumSchema> = { kind: 'enum', pointer: path, props: collectProps(json, ENUM_RESERVED), ...names, symbols }
    if (names.doc === undefined) delete node.doc
    if (typeof json.default === 'string') {
      if (!seen.has(json.default)) {
        throw new SchemaProblem(`Enum default '${json.default}' is not one of the symbols of '${names.fullName}'${at(`${path}/default`)}`, `${path}/default`)
      }
      node.default = json.default
    }
    setLogicalType(node)
    return this.define(node, path) as EnumSchema
  }

  private parseFixed(json: Json, namespace: string, path: string): FixedSchema {
    const names = this.named(json, namespace, path)
    const size = json.size
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 2147483647) {
      throw new SchemaProblem(`Invalid or no size for fixed '${names.fullName}'${at(path)}`, path)
    }
    const node: Mutable<FixedSchema> = { kind: 'fixed', pointer: path, props: collectProps(json, SCHEMA_RESERVED), ...names, size }
    if (names.doc === undefined) delete node.doc
    setLogicalType(node)
    return this.define(node, path) as FixedSchema
  }

  /** Avro rejects unions that nest a union directly or hold two branches of the same type name. */
  private checkUnions(): void {
    for (const union of this.unions) {
      const seen = new Set<string>()
      for (let i = 0; i < union.types.length; i++) {
        const branch = union.types[i]
        const where = `${union.pointer}/${i}`
        if (branch.kind === 'union') throw new SchemaProblem(`Nested union${at(where)}`, where)
        const key = branch.kind === 'record' || branch.kind === 'enum' || branch.kind === 'fixed' ? branch.fullName : branch.kind === 'primitive' ? branch.type : branch.kind
        if (seen.has(key)) throw new SchemaProblem(`Duplicate in union: '${key}'${at(where)}`, where)
        seen.add(key)
      }
    }
  }
}

/** Stand-in for a forward reference until it is resolved; never left in a returned model. */
const PLACEHOLDER: Schema = Object.freeze({ kind: 'primitive', type: 'null', pointer: '', props: EMPTY_PROPS }) as PrimitiveSchema

function primitive(type: PrimitiveType, pointer: string, props: Readonly<Record<string, unknown>>): PrimitiveSchema {
  const node: Mutable<PrimitiveSchema> = { kind: 'primitive', type, pointer, props }
  setLogicalType(node)
  return node
}

function setLogicalType(node: { props: Readonly<Record<string, unknown>>; logicalType?: string }): void {
  const logical = node.props.logicalType
  if (typeof logical === 'string') node.logicalType = logical
}

function collectProps(json: Json, reserved: ReadonlySet<string>): Readonly<Record<string, unknown>> {
  let props: Record<string, unknown> | undefined
  for (const key of Object.keys(json)) {
    if (reserved.has(key)) continue
    props ??= {}
    props[key] = json[key]
  }
  return props ?? EMPTY_PROPS
}

function at(path: string): string {
  return path === '' ? '' : ` at ${path}`
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

function describe(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive':
      return schema.type === 'int' ? 'an int' : `a ${schema.type}`
    case 'union':
      return `any type of the union ${toAvroJson(schema)}`
    case 'array':
      return 'an array of the item type'
    case 'map':
      return 'a map of the value type'
    default:
      return `a valid ${schema.kind} '${schema.fullName}'`
  }
}

/** A successful parse whose canonical form, fingerprint and normalized text are computed on first read. */
function parsedSchema(schema: Schema, definedTypes: ReadonlyMap<string, NamedSchema>, referencedTypes: readonly string[]): ParsedSchema {
  const result = { ok: true, schema, definedTypes, referencedTypes } as ParsedSchema
  let canonical: string | undefined
  let fingerprint: string | undefined
  let normalized: string | undefined
  Object.defineProperties(result, {
    canonical: { enumerable: true, get: () => (canonical ??= toCanonicalForm(schema)) },
    fingerprint: { enumerable: true, get: () => (fingerprint ??= fingerprint64(result.canonical)) },
    normalized: { enumerable: true, get: () => (normalized ??= toAvroJson(schema)) },
  })
  return result
}

function isParsedSchema(input: unknown): input is ParsedSchema {
  return typeof input === 'object' && input !== null && (input as ParsedSchema).ok === true && typeof (input as ParsedSchema).schema === 'object'
}

function withLocations(errors: SchemaError[], text: string | undefined): SchemaError[] {
  if (text === undefined) return errors
  return errors.map((error) => {
    if (error.line !== undefined) return error
    const position = locatePointer(text, error.path)
    return position ? { ...error, ...position } : error
  })
}

/**
 * Parses an Avro schema given as JSON text (comments allowed), parsed JSON, or an already parsed
 * `ParsedSchema` (returned unchanged), and validates it as Apache Avro 1.12.1 does. Returns the model
 * with its identity (canonical form, fingerprint, normalized text, computed on first read), or the
 * first problem found with its JSON Pointer and, for text input, its 1-based line and column.
 */
export function parseSchemaDocument(input: SchemaInput, options: ParseOptions = {}): ParseResult {
  if (isParsedSchema(input)) return input
  let text: string | undefined
  let json: unknown = input
  if (typeof input === 'string') {
    text = input
    const read = readJsonText(input)
    if (read.ok) json = read.value
    else if (BARE_NAME.test(input.trim())) json = input.trim() // a bare type name such as `int` or `com.acme.Id`
    else return { ok: false, errors: [{ message: read.message, path: '', ...read.position }] }
  }
  let external: Map<string, NamedSchema> | undefined
  if (options.namedTypes) {
    external = new Map()
    for (const named of options.namedTypes) external.set(named.fullName, named)
  }
  const parser = new DocumentParser(external, options.validateDefaults ?? true)
  try {
    const schema = parser.parseDocument(json)
    return parsedSchema(schema, parser.defined, [...parser.referenced])
  } catch (error) {
    if (!(error instanceof SchemaProblem)) throw error
    return { ok: false, errors: withLocations([{ message: error.message, path: error.path }], text) }
  }
}
