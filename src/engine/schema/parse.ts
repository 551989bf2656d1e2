/**
 * Parses and validates an Avro schema document into the engine's model, with Apache Avro 1.12.1
 * (Java) semantics: the schemas it accepts are the schemas the registry accepts.
 */
import type { ParsedSchema, ParseOptions, ParseResult, SchemaError, SchemaInput } from '../types.js'
import { isValidDefault } from './defaults.js'
import { fingerprint64, toCanonicalForm } from './canonical.js'
import { toAvroJson } from './avro-json.js'
import { integralFloatLiterals, locatePointer, readJsonText } from './locate.js'
import type {
  ArraySchema,
  EnumSchema,
  Field,
  FixedSchema,
  MapSchema,
  NamedSchema,
  PrimitiveSchema,
  PrimitiveType,
  RecordSchema,
  Schema,
  UnionSchema,
} from './model.js'
import { parseJavaDouble } from './java-double.js'
import { findInvalidSegment, nameProblem, PRIMITIVE_TYPES, qualifyReference, resolveName, type ResolvedName } from './names.js'
import { schemasEqual } from './schema-equality.js'

/** Deepest nesting accepted; deeper documents get a clean error instead of exhausting the stack. */
export const MAX_SCHEMA_DEPTH = 1000

// The attributes Avro reserves; every other key is a custom property. Switches, not Sets: each
// key of every node is tested, and comparing interned strings is cheaper than hashing them.
function isSchemaReserved(key: string): boolean {
  switch (key) {
    case 'doc':
    case 'fields':
    case 'items':
    case 'name':
    case 'namespace':
    case 'size':
    case 'symbols':
    case 'values':
    case 'type':
    case 'aliases':
      return true
    default:
      return false
  }
}
const isEnumReserved = (key: string): boolean => key === 'default' || isSchemaReserved(key)
function isFieldReserved(key: string): boolean {
  switch (key) {
    case 'default':
    case 'doc':
    case 'name':
    case 'order':
    case 'type':
    case 'aliases':
      return true
    default:
      return false
  }
}
const EMPTY_PROPS: Readonly<Record<string, unknown>> = Object.freeze({})
const NO_ALIASES: readonly string[] = Object.freeze([])
// A type name as text: letters (Unicode, as Avro Java allows), digits, '_' and dots.
const BARE_NAME = /^[\p{L}_][\p{L}\p{Nd}_.]*$/u

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
  /** Where the resolved schema goes: `holder[key]` (a field's `type`, an array's `items`, a union slot…). */
  holder: Record<string | number, unknown>
  key: string | number
}

class DocumentParser {
  readonly defined = new Map<string, NamedSchema>()
  readonly referenced = new Set<string>()
  private readonly pending: PendingReference[] = []
  /** Unions are checked once forward references are resolved: duplicates may only show then. */
  private readonly unions: UnionSchema[] = []
  private readonly defaultsToCheck: Array<{ field: Field; record: RecordSchema }> = []

  private external: Map<string, NamedSchema> | undefined

  constructor(
    private readonly namedTypes: Iterable<NamedSchema> | undefined,
    private readonly validateDefaults: boolean,
    /** Pointers of integral numbers Avro holds as doubles (written `0.0`, or converted from a string default). */
    readonly doubles: Set<string>,
  ) {}

  parseDocument(json: unknown): Schema {
    const box: { root: Schema } = { root: PLACEHOLDER }
    box.root = this.parse(json, '', '', 0, box, 'root')
    for (const ref of this.pending) {
      // Avro 1.12 resolves a name left open during the read by its full name only.
      const found = this.defined.get(ref.fullName) ?? this.fromExternal(ref.fullName)
      if (!found) throw new SchemaProblem(`Undefined name ${quote(ref.fullName)}${at(ref.path)}`, ref.path)
      ref.holder[ref.key] = found
    }
    this.checkUnions()
    for (const { field, record } of this.defaultsToCheck) this.checkDefault(field, record)
    return box.root
  }

  /** Parses one schema node; a forward reference is recorded to be written to `holder[key]` once resolved. */
  private parse(json: unknown, namespace: string, path: string, depth: number, holder: object, key: string | number): Schema {
    if (depth > MAX_SCHEMA_DEPTH) throw new SchemaProblem(`Schema nested too deeply (more than ${MAX_SCHEMA_DEPTH} levels)${at(path)}`, path)
    if (typeof json === 'string') return this.reference(json, namespace, path, holder, key)
    if (typeof json !== 'object' || json === null) throw new SchemaProblem(`Not a schema: ${preview(json)}${at(path)}`, path)
    if (Array.isArray(json)) return this.parseUnion(json, namespace, path, depth)
    const object = json as Json
    const type = object.type
    if (type === undefined) throw new SchemaProblem(`No type in schema${at(path)}`, path)
    if (typeof type !== 'string') {
      // Avro reads `type` as a name only: {"type": {...}} is rejected, the inner schema must stand alone.
      throw new SchemaProblem(
        `No type: 'type' must be a type name, not ${preview(type)}; write the schema itself instead of wrapping it${at(`${path}/type`)}`,
        `${path}/type`,
      )
    }
    switch (type) {
      case 'record':
      case 'error':
        return this.parseRecord(object, type, namespace, path, depth)
      case 'enum':
        return this.parseEnum(object, namespace, path)
      case 'fixed':
        return this.parseFixed(object, namespace, path)
      case 'array': {
        if (object.items === undefined) throw new SchemaProblem(`Array has no 'items' type${at(path)}`, path)
        const props = collectProps(object, isSchemaReserved)
        const node: Mutable<ArraySchema> = { kind: 'array', pointer: path, props, logicalType: logicalTypeOf(props), items: PLACEHOLDER }
        node.items = this.parse(object.items, namespace, `${path}/items`, depth + 1, node, 'items')
        return node
      }
      case 'map': {
        if (object.values === undefined) throw new SchemaProblem(`Map has no 'values' type${at(path)}`, path)
        const props = collectProps(object, isSchemaReserved)
        const node: Mutable<MapSchema> = { kind: 'map', pointer: path, props, logicalType: logicalTypeOf(props), values: PLACEHOLDER }
        node.values = this.parse(object.values, namespace, `${path}/values`, depth + 1, node, 'values')
        return node
      }
      default:
        if (PRIMITIVE_TYPES.has(type)) return primitive(type as PrimitiveType, path, collectProps(object, isSchemaReserved))
        return this.reference(type, namespace, `${path}/type`, holder, key)
    }
  }

  private reference(ref: string, namespace: string, path: string, holder: object, key: string | number): Schema {
    if (PRIMITIVE_TYPES.has(ref)) return primitive(ref as PrimitiveType, path, EMPTY_PROPS)
    const fullName = qualifyReference(ref, namespace)
    const found = this.lookup(fullName, ref)
    if (found) return found
    if (!BARE_NAME.test(ref)) throw new SchemaProblem(`Undefined name ${preview(ref)}${at(path)}`, path)
    this.pending.push({ fullName, path, holder: holder as Record<string | number, unknown>, key })
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
    if (this.namedTypes === undefined) return undefined
    // Indexed on first use: most documents reference nothing outside themselves.
    if (this.external === undefined) {
      this.external = new Map()
      for (const named of this.namedTypes) this.external.set(named.fullName, named)
    }
    const found = this.external.get(fullName)
    if (found) this.referenced.add(fullName)
    return found
  }

  private parseUnion(json: unknown[], namespace: string, path: string, depth: number): UnionSchema {
    const types: Schema[] = new Array(json.length)
    const node: UnionSchema = { kind: 'union', pointer: path, props: EMPTY_PROPS, types }
    for (let i = 0; i < json.length; i++) types[i] = this.parse(json[i], namespace, `${path}/${i}`, depth + 1, types, i)
    this.unions.push(node)
    return node
  }

  /** Name, namespace and full name of a named type, validated as Avro does when it registers the type. */
  private nameOf(json: Json, namespace: string, path: string): ResolvedName {
    const rawName = json.name
    if (typeof rawName !== 'string') {
      const where = keyPointer(json, 'name', path)
      throw new SchemaProblem(`${rawName === undefined ? 'No' : 'Invalid'} name in schema${at(where)}`, where)
    }
    const explicit = json.namespace
    const resolved = resolveName(rawName, typeof explicit === 'string' ? explicit : namespace)
    const problem = nameProblem(resolved.name)
    if (problem) throw new SchemaProblem(`Invalid name ${quote(resolved.name)} (${problem})${at(`${path}/name`)}`, `${path}/name`)
    if (resolved.namespace !== '') {
      const bad = findInvalidSegment(resolved.namespace)
      if (bad !== undefined) {
        const where = rawName.indexOf('.') >= 0 ? `${path}/name` : typeof explicit === 'string' ? `${path}/namespace` : path
        throw new SchemaProblem(`Invalid namespace ${quote(resolved.namespace)}: ${quote(bad)} is not a valid name${at(where)}`, where)
      }
    }
    // Only a name without namespace can be a primitive's (and testing the concatenated full name would flatten it).
    if (resolved.namespace === '' && PRIMITIVE_TYPES.has(resolved.name)) {
      throw new SchemaProblem(`Schemas may not be named after primitives: ${quote(resolved.fullName)}${at(`${path}/name`)}`, `${path}/name`)
    }
    return resolved
  }

  /** Aliases as written (fields) or resolved to full names in `namespace` (named types). */
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
        if (!out.includes(alias)) out.push(alias)
        continue
      }
      const resolved = resolveName(alias, namespace)
      const problem = nameProblem(resolved.name)
      if (problem) throw new SchemaProblem(`Invalid alias ${quote(alias)} (${problem})${at(`${where}/${i}`)}`, `${where}/${i}`)
      if (!out.includes(resolved.fullName)) out.push(resolved.fullName)
    }
    return out
  }

  private define(schema: NamedSchema, path: string): NamedSchema {
    const existing = this.defined.get(schema.fullName)
    if (existing) {
      // Avro accepts a second definition equal to the first (Schema.equals) and keeps the first.
      if (schemasEqual(existing, schema)) return existing
      throw new SchemaProblem(`Can't redefine ${quote(schema.fullName)}${at(path)}`, path)
    }
    this.defined.set(schema.fullName, schema)
    return schema
  }

  private parseRecord(json: Json, type: 'record' | 'error', namespace: string, path: string, depth: number): RecordSchema {
    const { name, namespace: space, fullName } = this.nameOf(json, namespace, path)
    const rawFields = json.fields
    if (!Array.isArray(rawFields)) {
      const where = keyPointer(json, 'fields', path)
      throw new SchemaProblem(`Record ${quote(fullName)} has no 'fields' array${at(where)}`, where)
    }
    const fields: Field[] = new Array(rawFields.length)
    const props = collectProps(json, isSchemaReserved)
    const record: RecordSchema = {
      kind: 'record',
      type,
      pointer: path,
      props,
      logicalType: logicalTypeOf(props),
      name,
      namespace: space,
      fullName,
      aliases: this.aliases(json, space, path),
      doc: textOf(json.doc),
      fields,
    }
    for (let i = 0; i < rawFields.length; i++) {
      const field = this.parseField(rawFields[i], space, `${path}/fields/${i}`, i, depth)
      for (let j = 0; j < i; j++) {
        if (fields[j].name === field.name)
          throw new SchemaProblem(`Duplicate field ${quote(field.name)} in record ${quote(fullName)}${at(field.pointer)}`, field.pointer)
      }
      fields[i] = field
      if (field.default !== undefined && this.validateDefaults) this.defaultsToCheck.push({ field, record })
    }
    // Avro registers a record once its fields are read: references to it from inside resolve at the end.
    return this.define(record, path) as RecordSchema
  }

  private parseField(json: unknown, namespace: string, path: string, index: number, depth: number): Field {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SchemaProblem(`Field is not an object${at(path)}`, path)
    const raw = json as Json
    const name = raw.name
    if (typeof name !== 'string') {
      const where = keyPointer(raw, 'name', path)
      throw new SchemaProblem(`${name === undefined ? 'No' : 'Invalid'} field name${at(where)}`, where)
    }
    const problem = nameProblem(name)
    if (problem) throw new SchemaProblem(`Invalid field name ${quote(name)} (${problem})${at(`${path}/name`)}`, `${path}/name`)
    if (raw.type === undefined) throw new SchemaProblem(`No type for field ${quote(name)}${at(path)}`, path)
    const field: Mutable<Field> = {
      name,
      aliases: this.aliases(raw, undefined, path),
      type: PLACEHOLDER,
      doc: textOf(raw.doc),
      order: orderOf(raw.order, name, path),
      props: collectProps(raw, isFieldReserved),
      pointer: path,
      index,
    }
    field.type = this.parse(raw.type, namespace, `${path}/type`, depth + 1, field, 'type')
    if (raw.default !== undefined) field.default = { value: this.fieldDefault(raw.default, field, `${path}/default`) }
    return field
  }

  /** Avro converts a string default of a float or double field with Double.parseDouble, whether or not defaults are validated. */
  private fieldDefault(value: unknown, field: Field, path: string): unknown {
    if (typeof value !== 'string' || field.type.kind !== 'primitive' || (field.type.type !== 'float' && field.type.type !== 'double')) return value
    const number = parseJavaDouble(value)
    if (number === undefined) throw new SchemaProblem(`Invalid default for field ${quote(field.name)}: ${preview(value)} is not a number`, path)
    this.doubles.add(path)
    return number
  }

  private checkDefault(field: Field, record: RecordSchema): void {
    const value = field.default!.value
    if (!isValidDefault(field.type, value, this.doubles, `${field.pointer}/default`)) {
      throw new SchemaProblem(
        `Invalid default for field ${quote(field.name)} in ${quote(record.fullName)}: ${preview(value)} ${describe(field.type)}`,
        `${field.pointer}/default`,
      )
    }
  }

  private parseEnum(json: Json, namespace: string, path: string): EnumSchema {
    const { name, namespace: space, fullName } = this.nameOf(json, namespace, path)
    const raw = json.symbols
    if (!Array.isArray(raw)) {
      const where = keyPointer(json, 'symbols', path)
      throw new SchemaProblem(`Enum ${quote(fullName)} has no 'symbols' array${at(where)}`, where)
    }
    const symbols: string[] = new Array(raw.length)
    for (let i = 0; i < raw.length; i++) {
      const symbol = raw[i]
      const where = `${path}/symbols/${i}`
      const problem = typeof symbol === 'string' ? nameProblem(symbol) : 'not a string'
      if (problem) throw new SchemaProblem(`Invalid enum symbol ${preview(symbol)} (${problem})${at(where)}`, where)
      for (let j = 0; j < i; j++)
        if (symbols[j] === symbol) throw new SchemaProblem(`Duplicate enum symbol ${quote(symbol)} in ${quote(fullName)}${at(where)}`, where)
      symbols[i] = symbol as string
    }
    // A non-string default is ignored, as Avro reads it as text only.
    const defaultSymbol = textOf(json.default)
    if (defaultSymbol !== undefined && !symbols.includes(defaultSymbol)) {
      throw new SchemaProblem(`Enum default ${quote(defaultSymbol)} is not one of the symbols of ${quote(fullName)}${at(`${path}/default`)}`, `${path}/default`)
    }
    const props = collectProps(json, isEnumReserved)
    const node: EnumSchema = {
      kind: 'enum',
      pointer: path,
      props,
      logicalType: logicalTypeOf(props),
      name,
      namespace: space,
      fullName,
      aliases: this.aliases(json, space, path),
      doc: textOf(json.doc),
      symbols,
      default: defaultSymbol,
    }
    return this.define(node, path) as EnumSchema
  }

  private parseFixed(json: Json, namespace: string, path: string): FixedSchema {
    const { name, namespace: space, fullName } = this.nameOf(json, namespace, path)
    const size = json.size
    // Avro wants a JSON int: `16.0` (a double to Jackson) is refused like `"16"`.
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0 || size > 2147483647 || this.doubles.has(`${path}/size`)) {
      const where = keyPointer(json, 'size', path)
      throw new SchemaProblem(`Invalid or no size for fixed ${quote(fullName)}${at(where)}`, where)
    }
    const props = collectProps(json, isSchemaReserved)
    const node: FixedSchema = {
      kind: 'fixed',
      pointer: path,
      props,
      logicalType: logicalTypeOf(props),
      name,
      namespace: space,
      fullName,
      aliases: this.aliases(json, space, path),
      doc: textOf(json.doc),
      size,
    }
    return this.define(node, path) as FixedSchema
  }

  /** Avro rejects unions that nest a union directly or hold two branches of the same type name. */
  private checkUnions(): void {
    for (const union of this.unions) {
      const keys: string[] = new Array(union.types.length)
      for (let i = 0; i < union.types.length; i++) {
        const branch = union.types[i]
        const where = `${union.pointer}/${i}`
        if (branch.kind === 'union') throw new SchemaProblem(`Nested union${at(where)}`, where)
        const key = branch.kind === 'primitive' ? branch.type : branch.kind === 'array' || branch.kind === 'map' ? branch.kind : branch.fullName
        if (keys.includes(key)) throw new SchemaProblem(`Duplicate in union: ${quote(key)}${at(where)}`, where)
        keys[i] = key
      }
    }
  }
}

/** Stand-in for a forward reference until it is resolved; never left in a returned model. */
const PLACEHOLDER: Schema = Object.freeze({ kind: 'primitive', type: 'null', pointer: '', props: EMPTY_PROPS }) as PrimitiveSchema

function primitive(type: PrimitiveType, pointer: string, props: Readonly<Record<string, unknown>>): PrimitiveSchema {
  return { kind: 'primitive', type, pointer, props, logicalType: logicalTypeOf(props) }
}

function logicalTypeOf(props: Readonly<Record<string, unknown>>): string | undefined {
  return props === EMPTY_PROPS ? undefined : textOf(props.logicalType)
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function orderOf(value: unknown, field: string, path: string): Field['order'] {
  if (value === undefined) return undefined
  const order = typeof value === 'string' ? value.toLowerCase() : undefined
  if (order === 'ascending' || order === 'descending' || order === 'ignore') return order
  throw new SchemaProblem(
    `Invalid order ${preview(value)} for field ${quote(field)}: use ascending, descending or ignore${at(`${path}/order`)}`,
    `${path}/order`,
  )
}

function collectProps(json: Json, isReserved: (key: string) => boolean): Readonly<Record<string, unknown>> {
  let props: Record<string, unknown> | undefined
  // for-in rather than Object.keys: no key array per node (JSON values have no inherited enumerable keys).
  for (const key in json) {
    if (isReserved(key)) continue
    props ??= {}
    props[key] = json[key]
  }
  return props ?? EMPTY_PROPS
}

/** The pointer to `json[key]` when the key is present (its value is wrong), else to `json` itself (the key is missing). */
function keyPointer(json: Json, key: string, path: string): string {
  return json[key] === undefined ? path : `${path}/${key}`
}

/** " at <pointer>" for messages; very deep pointers are shortened there (the error's `path` keeps them whole). */
function at(path: string): string {
  if (path === '') return ''
  return path.length <= 120 ? ` at ${path}` : ` at ${path.slice(0, 60)}…${path.slice(-50)}`
}

/**
 * A name or other text from the document, quoted for a message and cut to 60 characters (its
 * start and end kept): a file that is no schema at all (a secret, through a stray link) is never
 * quoted at length, and a long name stays recognisable.
 */
function quote(text: string): string {
  return `'${text.length > 60 ? `${text.slice(0, 28)}…${text.slice(-28)}` : text}'`
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/** What a default must be for `schema`, as the end of "… is not …" / "… matches none of …". */
function describe(schema: Schema): string {
  switch (schema.kind) {
    case 'primitive':
      return `is not ${schema.type === 'int' ? 'an' : 'a'} ${schema.type}`
    case 'union':
      return `matches none of the union's types (${schema.types.map((branch) => typeLabel(branch, 2)).join(', ')})`
    case 'array':
    case 'map':
      return `is not a valid ${typeLabel(schema, 3)}`
    default:
      return `is not a valid ${schema.kind} ${quote(schema.fullName)}`
  }
}

/** A short type label such as `int`, `com.acme.Address`, `array of string`, `map of array of long`. */
function typeLabel(schema: Schema, depth: number): string {
  switch (schema.kind) {
    case 'primitive':
      return schema.type
    case 'array':
      return depth > 0 ? `array of ${typeLabel(schema.items, depth - 1)}` : 'array'
    case 'map':
      return depth > 0 ? `map of ${typeLabel(schema.values, depth - 1)}` : 'map'
    case 'union':
      return 'union'
    default:
      return quote(schema.fullName).slice(1, -1)
  }
}

/**
 * A successful parse. The canonical form, fingerprint and normalized text are getters computed on
 * first read and cached: most parses (compatibility checks) never need them.
 */
class LazyParsedSchema implements ParsedSchema {
  readonly ok = true as const
  #canonical: string | undefined
  #fingerprint: string | undefined
  #normalized: string | undefined

  constructor(
    readonly schema: Schema,
    readonly definedTypes: ReadonlyMap<string, NamedSchema>,
    readonly referencedTypes: readonly string[],
    private readonly doubles: ReadonlySet<string>,
  ) {}

  get canonical(): string {
    return (this.#canonical ??= toCanonicalForm(this.schema))
  }

  get fingerprint(): string {
    return (this.#fingerprint ??= fingerprint64(this.canonical))
  }

  get normalized(): string {
    return (this.#normalized ??= toAvroJson(this.schema, '', this.doubles, this.referencedTypes))
  }

  /** JSON shows the identity, not the (possibly cyclic) model. */
  toJSON(): { ok: true; canonical: string; fingerprint: string; normalized: string; definedTypes: string[]; referencedTypes: readonly string[] } {
    return {
      ok: true,
      canonical: this.canonical,
      fingerprint: this.fingerprint,
      normalized: this.normalized,
      definedTypes: [...this.definedTypes.keys()],
      referencedTypes: this.referencedTypes,
    }
  }
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
 * Parses an Avro schema given as JSON text (comments allowed; a bare type name such as `int` is
 * accepted too), parsed JSON, or an already parsed
 * `ParsedSchema` (returned unchanged), and validates it as Apache Avro 1.12.1 does. Returns the model
 * with its identity (canonical form, fingerprint, normalized text, computed on first read), or the
 * first problem found with its JSON Pointer and, for text input, its 1-based line and column.
 * `sourceText`, for parsed JSON, is the text it was read from (numbers as written, positions).
 */
export function parseSchemaDocument(input: SchemaInput, options: ParseOptions = {}, sourceText?: string): ParseResult {
  if (isParsedSchema(input)) return input
  // JSON already parsed by the caller loses how numbers were written (`1.0` is a double to Avro).
  let text: string | undefined = sourceText
  let json: unknown = input
  if (typeof input === 'string') {
    text = input
    const trimmed = input.trim()
    if (BARE_NAME.test(trimmed)) {
      json = trimmed // a bare type name such as `int`, `null` or `com.acme.Id`, as well as its JSON string form
    } else {
      const read = readJsonText(input)
      if (!read.ok) return { ok: false, errors: [{ message: read.message, path: '', ...read.position }] }
      json = read.value
    }
  }
  const parser = new DocumentParser(options.namedTypes, options.validateDefaults ?? true, text === undefined ? new Set() : integralFloatLiterals(text))
  try {
    const schema = parser.parseDocument(json)
    return new LazyParsedSchema(schema, parser.defined, [...parser.referenced], parser.doubles)
  } catch (error) {
    if (!(error instanceof SchemaProblem)) throw error
    return { ok: false, errors: withLocations([{ message: error.message, path: error.path }], text) }
  }
}
