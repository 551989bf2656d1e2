/**
 * A Protobuf schema ready to compare: the main file parsed (from `.proto` text, or from a base64
 * `FileDescriptorProto` as the registry also accepts), its imports resolved through the given
 * dependencies (import path → text) and the bundled well-known files, import cycles and missing
 * imports reported at the import, the file validated, and the table of every type it can see
 * (its own, its imports', and all bundled ones, as the registry's diff sees them). Pure.
 */
import type { SchemaError } from '../../types.js'
import type { SchemaDependencies } from '../format.js'
import { readFileDescriptor } from './descriptor.js'
import type { ProtoFileElement, ProtoLocation } from './model.js'
import { parseProtoText } from './parser.js'
import { collectFileTypes, type FileTypes, TypeScope } from './types.js'
import { validateProtoFile } from './validate.js'
import { WELL_KNOWN_PROTOS } from './well-known.js'
import { fromBase64, WireFormatError } from './wire.js'

/** A parsed, validated Protobuf schema with its resolved imports. */
export interface ParsedProtobuf {
  readonly file: ProtoFileElement
  /** Files reached through imports that came from the given dependencies (not the bundle), by import path. */
  readonly dependencies: ReadonlyMap<string, ProtoFileElement>
  /** Every type the registry's diff can see from this schema. */
  readonly scope: TypeScope
  /** The import paths this file needs as schema references (its imports that are not bundled). */
  readonly references: readonly string[]
  /** Whether the text was a base64 `FileDescriptorProto`. */
  readonly fromDescriptor: boolean
}

export type ParseProtobufResult = { ok: true; value: ParsedProtobuf } | { ok: false; errors: SchemaError[] }

/** Whether `path` is one of the files the registry bundles (no reference needed). */
export function isWellKnownImport(path: string): boolean {
  return Object.hasOwn(WELL_KNOWN_PROTOS, path)
}

type FileResult = { ok: true; file: ProtoFileElement; fromDescriptor: boolean } | { ok: false; error: { message: string; line: number; column: number } }

/** `.proto` text, or (when it is not valid text) a base64 `FileDescriptorProto`. */
function readSchemaText(text: string): FileResult {
  const parsed = parseProtoText(text)
  if (parsed.ok) return { ok: true, file: parsed.file, fromDescriptor: false }
  const bytes = looksLikeBase64(text) ? fromBase64(text) : null
  if (bytes !== null) {
    try {
      return { ok: true, file: readFileDescriptor(bytes).file, fromDescriptor: true }
    } catch (e) {
      if (!(e instanceof WireFormatError)) throw e
    }
  }
  return parsed
}

function looksLikeBase64(text: string): boolean {
  return text.length > 0 && !/[{};"]/.test(text) && /^[A-Za-z0-9+/=_\-\s]+$/.test(text)
}

// Parsed bundled files and their types, made once.
const builtinFiles = new Map<string, ProtoFileElement>()
let builtinTypes: FileTypes | null = null

function builtinFile(path: string): ProtoFileElement {
  let file = builtinFiles.get(path)
  if (file === undefined) {
    const parsed = parseProtoText(WELL_KNOWN_PROTOS[path]!)
    if (!parsed.ok) throw new Error(`bundled ${path} does not parse: ${parsed.error.message}`)
    file = parsed.file
    builtinFiles.set(path, file)
  }
  return file
}

/** The types of every bundled file: the registry's diff always sees them, imported or not. */
function allBuiltinTypes(): FileTypes {
  if (builtinTypes === null) {
    const merged: FileTypes = { types: new Map(), extendFields: new Map() }
    for (const path of Object.keys(WELL_KNOWN_PROTOS)) {
      const types = collectFileTypes(builtinFile(path), { kind: 'builtin', name: path })
      for (const [k, v] of types.types) merged.types.set(k, v)
      for (const [k, v] of types.extendFields) merged.extendFields.set(k, v)
    }
    builtinTypes = merged
  }
  return builtinTypes
}

// Dependencies are often shared by many schemas: keep their parses, keyed by text.
const dependencyCache = new Map<string, FileResult>()
const DEPENDENCY_CACHE_LIMIT = 2000

function readDependency(text: string): FileResult {
  let result = dependencyCache.get(text)
  if (result === undefined) {
    result = readSchemaText(text)
    if (dependencyCache.size >= DEPENDENCY_CACHE_LIMIT) dependencyCache.delete(dependencyCache.keys().next().value!)
    dependencyCache.set(text, result)
  }
  return result
}

/** The bundled file (or given dependency) an import path ends with, e.g. `vendor/confluent/meta.proto` → `confluent/meta.proto`. */
function vendoredWellKnown(path: string, dependencies: SchemaDependencies): string | null {
  for (const known of [...Object.keys(WELL_KNOWN_PROTOS), ...Object.keys(dependencies)]) {
    if (path.endsWith(`/${known}`)) return known
  }
  return null
}

function allImports(file: ProtoFileElement): string[] {
  return [...file.imports, ...file.publicImports, ...file.weakImports]
}

function at(message: string, location: ProtoLocation | undefined): SchemaError {
  return location ? { message, path: '#/', line: location.line, column: location.column } : { message, path: '#/' }
}

/** Parse and validate a Protobuf schema; `dependencies` maps import paths to their text. Never throws. */
export function parseProtobufSchema(text: string, dependencies: SchemaDependencies = {}): ParseProtobufResult {
  if (typeof text !== 'string') return { ok: false, errors: [{ message: 'A Protobuf schema must be .proto text (a string)', path: '' }] }
  const main = readSchemaText(text)
  if (!main.ok) return { ok: false, errors: [{ message: main.error.message, path: '', line: main.error.line, column: main.error.column }] }

  const errors: SchemaError[] = []
  const deps = new Map<string, ProtoFileElement>()
  const depTypes: FileTypes[] = []
  const depText = new Map<string, string>()
  const done = new Set<string>()

  // Depth-first over imports: `stack` holds the chain from the main file, to name a cycle.
  const visit = (file: ProtoFileElement, stack: string[], mainLocation: (path: string) => ProtoLocation | undefined) => {
    for (const path of allImports(file)) {
      const where = mainLocation(path)
      if (stack.includes(path)) {
        errors.push(at(`Import cycle: ${[...stack.slice(stack.indexOf(path)), path].join(' → ')}`, where))
        continue
      }
      if (done.has(path)) continue
      const given = Object.hasOwn(dependencies, path) ? dependencies[path] : undefined
      if (typeof given === 'string') {
        const dep = readDependency(given)
        if (!dep.ok) {
          errors.push(at(`Import "${path}" is not valid Protobuf: ${dep.error.line}:${dep.error.column}: ${dep.error.message}`, where))
          done.add(path)
          continue
        }
        deps.set(path, dep.file)
        depText.set(path, given)
        visit(dep.file, [...stack, path], () => where)
        done.add(path)
      } else if (isWellKnownImport(path)) {
        done.add(path)
      } else if (vendoredWellKnown(path, dependencies) !== null) {
        // A vendored copy of a bundled file (`third_party/…/confluent/meta.proto`): the bundled one stands in.
        done.add(path)
      } else {
        errors.push(at(`Import "${path}" cannot be resolved: give it as a dependency (a schema reference named "${path}")`, where))
        done.add(path)
      }
    }
  }
  visit(main.file, [], (path) => main.file.importLocations.get(path))
  if (errors.length > 0) return { ok: false, errors }

  for (const [path, file] of deps) depTypes.push(collectFileTypes(file, { kind: 'dependency', name: path, text: depText.get(path)! }))
  const scope = new TypeScope([collectFileTypes(main.file, { kind: 'main' }), ...depTypes, allBuiltinTypes()])
  const problems = validateProtoFile(main.file, scope)
  if (problems.length > 0) return { ok: false, errors: problems }

  const references = [...new Set(allImports(main.file))].filter((p) => !isWellKnownImport(p))
  return { ok: true, value: { file: main.file, dependencies: deps, scope, references, fromDescriptor: main.fromDescriptor } }
}
