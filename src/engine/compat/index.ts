/**
 * Reader/writer compatibility: what other layers use of `engine/compat/` (the entry of the folder;
 * the engine's own files import the modules directly). Pure.
 */
export { mapReaderPointer } from './candidate-pointer.js'
export { readVerdictMessages, type VerdictDifference, type VerdictMessages } from './verdict-messages.js'
