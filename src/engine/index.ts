/**
 * The engine's public API (pure: no I/O, clock, env or randomness).
 * CONTRACT STUB: signatures agreed between workstreams; bodies are implemented in the engine branch.
 */
import type { CompatibilityLevel, CompatibilityOptions, CompatibilityResult, ParseOptions, ParseResult, ReaderWriterResult, SchemaInput } from './types.js'

export * from './schema/model.js'
export * from './types.js'

export declare function parseSchema(schema: SchemaInput, options?: ParseOptions): ParseResult
export declare function readerWriterCompatibility(reader: SchemaInput, writer: SchemaInput, options?: ParseOptions): ReaderWriterResult
export declare function checkCompatibility(
  level: CompatibilityLevel,
  candidate: SchemaInput,
  previous: readonly SchemaInput[],
  options?: CompatibilityOptions,
): CompatibilityResult
