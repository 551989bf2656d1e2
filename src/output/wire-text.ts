/** Text renderers of `encode` and `decode` (stderr lines: the data itself goes to stdout). */
import type { DecodeResult, MessageError } from '../app/wire/decode.js'
import type { EncodeResult } from '../app/wire/encode.js'

/** One failed message: `message 3 (line 3, schema id 5): <why>`, with the engine's findings indented below. */
export function renderMessageError(error: MessageError): string {
  const where = [error.line !== undefined ? `line ${error.line}` : undefined, error.schemaId !== undefined ? `schema id ${error.schemaId}` : undefined].filter(
    Boolean,
  )
  const head = `message ${error.message}${where.length > 0 ? ` (${where.join(', ')})` : ''}: ${error.error} [${error.code}]`
  const findings = (error.incompatibilities ?? []).map((i) => `  ${i.type} at ${i.location || '/'}: ${i.message}`)
  return [head, ...findings].join('\n')
}

/** The closing line of a decode: counts, and the reader schema in use. */
export function renderDecodeSummary(result: DecodeResult): string {
  const reader = result.reader !== undefined ? ` with reader schema ${result.reader}` : ''
  const failed = result.failed > 0 ? `, ${result.failed} failed${result.stopped ? ' (stopped at the first: --fail-fast)' : ''}` : ''
  const tombstones = result.tombstones > 0 ? `, ${result.tombstones} tombstone${result.tombstones === 1 ? '' : 's'} (null)` : ''
  return `decoded ${result.decoded} of ${result.messages} message${result.messages === 1 ? '' : 's'}${reader}${tombstones}${failed}`
}

/** The closing line of an encode: how many records, with which schema (or why `--register` refused it). */
export function renderEncodeSummary(result: EncodeResult): string {
  if (result.incompatible !== undefined) {
    const { subject, messages } = result.incompatible
    return [`the schema is incompatible with subject '${subject}': not registered, nothing encoded`, ...messages.map((m) => `  ${m}`)].join('\n')
  }
  const subject =
    result.subject !== undefined
      ? ` (${result.subject}${result.version !== undefined ? ` version ${result.version}` : ''}${result.registered ? ', registered' : ''})`
      : ''
  return `encoded ${result.records} record${result.records === 1 ? '' : 's'} with schema id ${result.schemaId}${subject}`
}
