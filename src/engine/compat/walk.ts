/**
 * The reader/writer compatibility walk: a port of the semantics of Apache Avro 1.12.1
 * `SchemaCompatibility` (can data written with `writer` be read with `reader`?).
 *
 * Like Avro it memoizes (reader node, writer node) pairs by identity, treats a pair already
 * in progress as compatible (so recursive types terminate), collects every incompatibility,
 * and reports Avro's locations and messages. It deliberately keeps Avro's quirks, because the
 * registry's messages come from them: a memoized result keeps the locations of its first visit,
 * union branches are checked from a fresh root location and only the missing branch is
 * reported, and a missing reader field whose enum type has a default is compared with the
 * writer *record*.
 */
import {
  isNamed,
  type EnumSchema,
  type Field,
  type FixedSchema,
  type NamedSchema,
  type PrimitiveSchema,
  type RecordSchema,
  type Schema,
  type UnionSchema,
} from '../schema/model.js'
import type { Incompatibility, IncompatibilityType, SchemaError } from '../types.js'
import { fixedSizeMessage, missingSymbolsMessage, missingUnionBranchMessage, nameMismatchMessage, typeMismatchMessage } from './messages.js'
import { AMBIGUOUS, lookupWriterField, schemaNameEquals } from './names.js'
import { renderLocation } from './pointer.js'
import { isPromotable } from './promotions.js'

/** Outcome of one reader/writer walk: the incompatibilities, or the failure Avro reports as an exception. */
export type WalkOutcome = { readonly ok: true; readonly incompatibilities: readonly Incompatibility[] } | { readonly ok: false; readonly error: SchemaError }

/** Renders a schema node as Avro Java's `Schema.toString()` would (used only in exception texts). */
export type SchemaRenderer = (schema: Schema) => string

type Findings = readonly Incompatibility[]
const NONE: Findings = []
const IN_PROGRESS = Symbol('in progress')

/** Avro aborts the whole check with an exception; we unwind to `checkReaderWriter` and return it. */
class CheckAborted extends Error {
  constructor(readonly error: SchemaError) {
    super(error.message)
  }
}

/**
 * Check whether `reader` can read everything written with `writer`, returning every
 * incompatibility in Avro's order with Avro's locations and messages, or (where Avro
 * throws, e.g. a reader field whose name and alias match two writer fields) an error.
 */
export function checkReaderWriter(reader: Schema, writer: Schema, renderSchema: SchemaRenderer): WalkOutcome {
  try {
    return { ok: true, incompatibilities: new Walk(renderSchema).pair('', reader, writer, []) }
  } catch (e) {
    if (e instanceof CheckAborted) return { ok: false, error: e.error }
    throw e
  }
}

class Walk {
  private readonly memo = new Map<Schema, Map<Schema, Findings | typeof IN_PROGRESS>>()

  constructor(private readonly renderSchema: SchemaRenderer) {}

  /**
   * Avro `getCompatibility(token, reader, writer, location)`, memoized by node identity.
   * Only pairs with a named side are memoized: every cycle and every shared subtree goes through
   * a named type, so any other pair is reached at most once and its memo entry would never be hit.
   */
  pair(token: string, reader: Schema, writer: Schema, location: string[]): Findings {
    location.push(token)
    let result: Findings
    if (isNamed(reader) || isNamed(writer)) {
      let byWriter = this.memo.get(reader)
      if (!byWriter) this.memo.set(reader, (byWriter = new Map()))
      const known = byWriter.get(writer)
      if (known === IN_PROGRESS) {
        result = NONE // compatible unless proven otherwise: this breaks recursion
      } else if (known) {
        result = known
      } else {
        byWriter.set(writer, IN_PROGRESS)
        result = this.compare(reader, writer, location)
        byWriter.set(writer, result)
      }
    } else {
      result = this.compare(reader, writer, location)
    }
    location.pop()
    return result
  }

  private compare(reader: Schema, writer: Schema, location: string[]): Findings {
    if (reader.kind === writer.kind && (reader.kind !== 'primitive' || reader.type === (writer as typeof reader).type)) {
      return this.compareSameType(reader, writer, location)
    }
    if (writer.kind === 'union') {
      // Every writer branch must be readable; Avro keeps each branch's own findings.
      let out: Incompatibility[] | undefined
      for (let i = 0; i < writer.types.length; i++) {
        const found = this.pair(indexToken(i), reader, writer.types[i]!, location)
        if (found.length > 0) (out ??= []).push(...found)
      }
      return out ?? NONE
    }
    if (reader.kind === 'primitive' && writer.kind === 'primitive' && isPromotable(reader.type, writer.type)) return NONE
    if (reader.kind === 'union') {
      if (writer.kind === 'primitive' ? someBranchReadsPrimitive(reader, writer) : this.someBranchReads(reader, writer)) return NONE
      return [finding('MISSING_UNION_BRANCH', location, missingUnionBranchMessage(writer))]
    }
    return [finding('TYPE_MISMATCH', location, typeMismatchMessage(reader, writer))]
  }

  /** Avro checks each reader branch from a fresh root location and keeps only the verdict. */
  private someBranchReads(reader: UnionSchema, writer: Schema): boolean {
    for (const branch of reader.types) {
      if (this.pair('', branch, writer, []).length === 0) return true
    }
    return false
  }

  private compareSameType(reader: Schema, writer: Schema, location: string[]): Findings {
    switch (reader.kind) {
      case 'primitive':
        return NONE
      case 'array':
        return this.pair('items', reader.items, (writer as typeof reader).items, location)
      case 'map':
        return this.pair('values', reader.values, (writer as typeof reader).values, location)
      case 'fixed':
        return concat(checkName(reader, writer as FixedSchema, location), checkSize(reader, writer as FixedSchema, location))
      case 'enum':
        return concat(checkName(reader, writer as EnumSchema, location), checkSymbols(reader, writer as EnumSchema, location))
      case 'record':
        return concat(checkName(reader, writer as RecordSchema, location), this.checkFields(reader, writer as RecordSchema, location))
      case 'union':
        return this.checkWriterBranches(reader, (writer as typeof reader).types, location)
    }
  }

  /** Union vs union: each writer branch must be readable by the reader union as a whole. */
  private checkWriterBranches(reader: UnionSchema, writerBranches: readonly Schema[], location: string[]): Findings {
    let out: Incompatibility[] | undefined
    for (let i = 0; i < writerBranches.length; i++) {
      const branch = writerBranches[i]!
      // Avro checks the branch from a fresh root location and reports only the missing branch.
      const readable = branch.kind === 'primitive' ? someBranchReadsPrimitive(reader, branch) : this.pair('', reader, branch, []).length === 0
      if (!readable) {
        location.push(indexToken(i))
        ;(out ??= []).push(finding('MISSING_UNION_BRANCH', location, missingUnionBranchMessage(branch)))
        location.pop()
      }
    }
    return out ?? NONE
  }

  private checkFields(reader: RecordSchema, writer: RecordSchema, location: string[]): Findings {
    let out: Incompatibility[] | undefined
    location.push('fields')
    for (const field of reader.fields) {
      location.push(indexToken(field.index))
      const match = lookupWriterField(writer, field)
      let found: Findings = NONE
      if (match === AMBIGUOUS) {
        throw new CheckAborted({ message: this.ambiguousFieldMessage(field, writer), path: renderLocation(location) })
      } else if (match) {
        found = this.pair('type', field.type, match.type, location)
      } else if (!field.default) {
        // Avro 1.12 compares a reader enum that has its own default against the writer *record*.
        found =
          field.type.kind === 'enum' && field.type.default !== undefined
            ? this.pair('type', field.type, writer, location)
            : [finding('READER_FIELD_MISSING_DEFAULT_VALUE', location, field.name)]
      }
      if (found.length > 0) (out ??= []).push(...found)
      location.pop()
    }
    location.pop()
    return out ?? NONE
  }

  /** Avro's `AvroRuntimeException` text, e.g. `Reader record field id type:LONG pos:0 matches multiple …`. */
  private ambiguousFieldMessage(field: Field, writer: RecordSchema): string {
    const type = field.type.kind === 'primitive' ? field.type.type : field.type.kind
    return `Reader record field ${field.name} type:${type.toUpperCase()} pos:${field.index} matches multiple fields in writer record schema ${this.renderSchema(writer)}`
  }
}

/**
 * The verdict `someBranchReads` would reach for a primitive writer, without walking: only a
 * primitive branch of the same or a promotable type can read it. The skipped branch pairs have
 * no named side, so they are never memoized and skipping them changes no reported finding.
 */
function someBranchReadsPrimitive(reader: UnionSchema, writer: PrimitiveSchema): boolean {
  for (const branch of reader.types) {
    if (branch.kind === 'primitive' && (branch.type === writer.type || isPromotable(branch.type, writer.type))) return true
  }
  return false
}

function checkName(reader: NamedSchema, writer: NamedSchema, location: string[]): Findings {
  if (schemaNameEquals(reader, writer)) return NONE
  return [findingAt('NAME_MISMATCH', location, 'name', nameMismatchMessage(writer))]
}

function checkSize(reader: FixedSchema, writer: FixedSchema, location: string[]): Findings {
  if (reader.size === writer.size) return NONE
  return [findingAt('FIXED_SIZE_MISMATCH', location, 'size', fixedSizeMessage(reader, writer))]
}

function checkSymbols(reader: EnumSchema, writer: EnumSchema, location: string[]): Findings {
  const missing = writer.symbols.filter((s) => !reader.symbols.includes(s))
  if (missing.length === 0) return NONE
  // An enum default lets the reader map unknown writer symbols (Avro ≥ 1.9).
  if (reader.default !== undefined && reader.symbols.includes(reader.default)) return NONE
  return [findingAt('MISSING_ENUM_SYMBOLS', location, 'symbols', missingSymbolsMessage(missing))]
}

function finding(type: IncompatibilityType, location: readonly string[], message: string): Incompatibility {
  return { type, location: renderLocation(location), message }
}

function findingAt(type: IncompatibilityType, location: string[], token: string, message: string): Incompatibility {
  location.push(token)
  const result = finding(type, location, message)
  location.pop()
  return result
}

const INDEX_TOKENS = Array.from({ length: 64 }, (_, i) => String(i))

/** The location token of a union branch or field position (small ones are shared strings). */
function indexToken(i: number): string {
  return INDEX_TOKENS[i] ?? String(i)
}

function concat(a: Findings, b: Findings): Findings {
  return a.length === 0 ? b : b.length === 0 ? a : [...a, ...b]
}
