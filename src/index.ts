/**
 * schemactl's library entry: the pure Avro compatibility engine and the registry client
 * (which loads undici only when it sends its first request).
 * It must never import oclif, ink or chalk, so that library users pay for none of the CLI.
 */
export * from './engine/index.js'
export * from './registry/index.js'
