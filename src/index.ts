/**
 * schemactl's library entry: the pure Avro compatibility engine (and, later, the registry client).
 * It must never import oclif, ink or chalk, so that library users pay for none of the CLI.
 */
export * from './engine/index.js'
