/**
 * The Avro schema model and JSON text with locations: what other layers use of `engine/schema/`
 * (the entry of the folder; the engine's own files import the modules directly). Pure.
 */
export { escapePointerSegment, locatePointer, offsetToPosition, pointerSegments, readJsonText, type JsonTextResult, type TextPosition } from './locate.js'
export { parseSchemaDocument } from './parse.js'
export { toAvroJson } from './avro-json.js'
export { visitSchema, type SchemaVisitor } from './visit.js'
export * from './model.js'
