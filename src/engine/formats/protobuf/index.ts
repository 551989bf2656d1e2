/**
 * The Protobuf schema type: Confluent Schema Registry's Protobuf provider reproduced — parsing
 * with located errors, the registry's canonical and normalised texts, its differences (SchemaDiff)
 * with paths, order and messages, and the base64 `FileDescriptorProto` form. Pure.
 */
import type { SchemaError } from '../../types.js'
import type { DifferenceDirection, FormatParseResult, SchemaDependencies, SchemaDifference, SchemaFormat } from '../format.js'
import { printNormalizedProtoFile, printProtoFile, UnresolvedTypeError } from './canonical.js'
import { declaredTypes, readFileDescriptor, writeFileDescriptor, type TypeResolver } from './descriptor.js'
import { DiffContext } from './diff/context.js'
import { describeProtobufDifference } from './diff/messages.js'
import { compareFiles } from './diff/schema.js'
import { locateProtobufPath } from './locate.js'
import { mapTypes } from './model.js'
import { parseProtobufSchema, type ParsedProtobuf } from './schema.js'
import { resolveName } from './types.js'
import { fromBase64, toBase64, WireFormatError } from './wire.js'

export type { ParsedProtobuf } from './schema.js'
export { isWellKnownImport } from './schema.js'
export { parseProtoText } from './parser.js'
export { WELL_KNOWN_PROTOS } from './well-known.js'
export { COMPATIBLE_CHANGES, PROTOBUF_DIFFERENCE_TYPES, type ProtobufDifferenceType } from './diff/types.js'
export type * from './model.js'

const canonicalCache = new WeakMap<ParsedProtobuf, string>()

/** A `.proto` text, or `{ schema, dependencies }` with dependencies mapping import paths to their text. */
export type ProtobufInput = string | { schema: string; dependencies?: SchemaDependencies }

function split(input: unknown, dependencies?: SchemaDependencies): { text: unknown; deps: SchemaDependencies } {
  if (typeof input === 'object' && input !== null && 'schema' in input) {
    const side = input as { schema: unknown; dependencies?: SchemaDependencies }
    return { text: side.schema, deps: { ...(side.dependencies ?? {}), ...(dependencies ?? {}) } }
  }
  return { text: input, deps: dependencies ?? {} }
}

/** Parse and validate a Protobuf schema (text or base64 descriptor); errors carry line:column. Never throws. */
export function parseProtobuf(input: ProtobufInput | unknown, dependencies?: SchemaDependencies): FormatParseResult<ParsedProtobuf> {
  // An already parsed schema is used as is (callers comparing many versions parse each once).
  if (isParsedProtobuf(input)) return { ok: true, value: input }
  const { text, deps } = split(input, dependencies)
  try {
    return parseProtobufSchema(text as string, deps)
  } catch (e) {
    return { ok: false, errors: [internalError(e)] }
  }
}

function isParsedProtobuf(input: unknown): input is ParsedProtobuf {
  return typeof input === 'object' && input !== null && 'file' in input && 'scope' in input && 'references' in input
}

function internalError(e: unknown): SchemaError {
  const detail = e instanceof RangeError ? 'schema nested too deeply' : e instanceof Error ? e.message : String(e)
  return { message: `Internal error while reading the Protobuf schema: ${detail}`, path: '' }
}

/** The registry's canonical text of a parsed schema (what it stores and compares without `normalize`). */
export function protobufCanonical(parsed: ParsedProtobuf): string {
  let text = canonicalCache.get(parsed)
  if (text === undefined) {
    text = printProtoFile(parsed.file)
    canonicalCache.set(parsed, text)
  }
  return text
}

/** The registry's normalised text (`normalize=true`): fields by number, names qualified, options and imports sorted. */
export function normalizeProtobuf(parsed: ParsedProtobuf): { ok: true; text: string } | { ok: false; errors: SchemaError[] } {
  const scope = parsed.scope
  const packageName = parsed.file.packageName ?? ''
  try {
    const text = printNormalizedProtoFile(parsed.file, {
      resolveType: (name, names) => resolveName(name, packageName, names, (n) => scope.type(n) !== undefined),
      resolveExtension: (name, names) => resolveName(name, packageName, names, (n) => scope.extendField(n) !== undefined),
      extensionRepeated: (fullName) => {
        const field = scope.extendField(fullName)
        return field === undefined ? null : field.repeated
      },
      mapEntryType: (fullName) => {
        const info = scope.type(fullName)
        return info !== undefined && info.isMap ? `map<${info.key?.type ?? ''}, ${info.value?.type ?? ''}>` : null
      },
    })
    return { ok: true, text }
  } catch (e) {
    if (e instanceof UnresolvedTypeError) return { ok: false, errors: [{ message: e.message, path: '#/' }] }
    return { ok: false, errors: [internalError(e)] }
  }
}

/** Every difference from `original` to `update`, compatible ones included, in the registry's order, with its paths. */
export function protobufDifferences(original: ParsedProtobuf, update: ParsedProtobuf): SchemaDifference[] {
  const ctx = new DiffContext(original.scope, update.scope, original.file.packageName ?? '', update.file.packageName ?? '')
  compareFiles(ctx, original.file, update.file)
  return ctx.differences
}

/** The schema type's engine, as the format table uses it. */
export const protobufFormat: SchemaFormat<ParsedProtobuf> = {
  type: 'PROTOBUF',
  parse: (input, dependencies) => parseProtobuf(input, dependencies),
  canonical: protobufCanonical,
  references: (parsed) => [...parsed.references],
  differences: (original, update) => protobufDifferences(original, update),
  describe: (difference: SchemaDifference, direction: DifferenceDirection) => describeProtobufDifference(difference, direction),
  locate: (parsed, path) => locateProtobufPath(parsed.file, path),
}

/**
 * A base64 `FileDescriptorProto` (what the official serializers register) as the registry reads it:
 * the parsed schema and its `.proto` text as the registry renders it. `dependencies` resolve its imports.
 */
export function fromFileDescriptor(
  base64: string,
  dependencies?: SchemaDependencies,
): { ok: true; value: ParsedProtobuf; text: string; name: string } | { ok: false; errors: SchemaError[] } {
  const bytes = fromBase64(base64)
  if (bytes === null) return { ok: false, errors: [{ message: 'Not a base64 FileDescriptorProto: the text is not base64', path: '' }] }
  let name: string
  let text: string
  try {
    const read = readFileDescriptor(bytes)
    name = read.name
    text = printProtoFile(read.file)
  } catch (e) {
    if (e instanceof WireFormatError) return { ok: false, errors: [{ message: `Not a valid FileDescriptorProto: ${e.message}`, path: '' }] }
    return { ok: false, errors: [internalError(e)] }
  }
  const parsed = parseProtobuf(text, dependencies)
  if (!parsed.ok) return parsed
  return { ok: true, value: parsed.value, text, name }
}

/** The registry's `?format=serialized` form of a parsed schema: a base64 `FileDescriptorProto`. */
export function toFileDescriptor(parsed: ParsedProtobuf, fileName = 'default'): string {
  const scope = parsed.scope
  const local = declaredTypes(parsed.file)
  const packageName = parsed.file.packageName ?? ''
  const resolve: TypeResolver = (typeName, scopeName) => {
    if (mapTypes(typeName)) return null
    // `scopeName` is a full name: resolve inside its types, the package prefix taken off.
    const inPackage = packageName !== '' && scopeName.startsWith(packageName) ? scopeName.slice(packageName.length + 1) : scopeName
    const scopeParts = inPackage === '' ? [] : inPackage.split('.')
    const found = resolveName(typeName, packageName, scopeParts, (n) => local.has(n) || scope.type(n) !== undefined)
    if (found === null) return null
    const element = local.get(found) ?? scope.type(found)!.element
    return { fullName: found, kind: element.kind }
  }
  return toBase64(writeFileDescriptor(parsed.file, resolve, fileName))
}
