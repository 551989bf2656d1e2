/**
 * Reads a registry's compatibility messages back into their parts, for people: the verbose
 * messages of a compatibility check (Avro's `{errorType:'…', description:'…', additionalInfo:'…'}`,
 * JSON Schema's and Protobuf's `{errorType:"…", description:"…"}`, CP 7.0–7.3's
 * `Incompatibility{type:…, location:…, message:…}`), the `{oldSchemaVersion: n}`, `{oldSchema: '…'}`
 * and `{validateFields: …, compatibility: '…'}` lines around them, and a 409's
 * `Schema being registered is incompatible …, details: [m1, m2, …]`. Pure.
 */

/** One incompatibility the registry reported, in a person's terms. */
export interface VerdictDifference {
  /** The registry's type (`READER_FIELD_MISSING_DEFAULT_VALUE`, `MAX_LENGTH_DECREASED`, …). */
  type: string
  /** Where, as the registry names it (JSON Pointer for Avro, `#/…` for JSON Schema and Protobuf), when it says. */
  path?: string
  /** One sentence, without the path (shown beside it) and with Avro's additional information when it adds to it. */
  description: string
  /** Avro: the schema the path points into (the reader's); absent when the message does not say. */
  pathIn?: 'new' | 'old'
  /** The registered version this difference was found against, when the registry names it. */
  againstVersion?: number
}

/** A registry's messages, read. */
export interface VerdictMessages {
  differences: VerdictDifference[]
  /** The compared versions' schema texts the registry quoted (`{oldSchema: '…'}`), by version; truncated ones are left out. */
  oldSchemas: Map<number, string>
  /** The level the registry says it applied (`{…, compatibility: 'BACKWARD'}`). */
  level?: string
  /** Messages in no known format (`Incompatible because of different schema type`, older registries' sentences), as sent. */
  other: string[]
}

const AVRO = /^\{errorType:'([^']*)', description:'([\s\S]*)', additionalInfo:'([\s\S]*)'\}$/
const OTHER_FORMATS = /^\{errorType:"([^"]*)", description:"([\s\S]*)"\}$/
const LEGACY_AVRO = /^Incompatibility\{type:(\w+), location:([^,]*), message:([\s\S]*?)(?:, reader:[\s\S]*)?\}$/
const OLD_VERSION = /^\{oldSchemaVersion: (\d+)\}$/
const OLD_SCHEMA = /^\{oldSchema: (<truncated> )?'([\s\S]*)'\}$/
const LEVEL = /^\{(?:validateFields: '[^']*', )?compatibility: '([^']*)'\}$/
const REGISTER_CONFLICT = /^Schema being registered is incompatible with an earlier schema[^[]*?, details: \[([\s\S]*)\]\s*$/
// Where one item of a 409's details list ends and the next begins (items themselves hold commas).
const ITEM_START = /, (?=\{errorType:|\{oldSchemaVersion:|\{oldSchema:|\{validateFields:|\{compatibility:|Incompatibility\{)/

/** Reads `messages` (a verbose check's, or a 409's single message) into differences and the rest. */
export function readVerdictMessages(messages: readonly string[]): VerdictMessages {
  const out: VerdictMessages = { differences: [], oldSchemas: new Map(), other: [] }
  let unassigned: VerdictDifference[] = []
  let lastVersion: number | undefined
  for (const message of messages.flatMap(expandRegisterConflict)) {
    const text = message.trim()
    const difference = readDifference(text)
    if (difference !== undefined) {
      out.differences.push(difference)
      unassigned.push(difference)
      continue
    }
    const version = OLD_VERSION.exec(text)
    if (version) {
      lastVersion = Number(version[1])
      // The differences listed before `{oldSchemaVersion: n}` were found against version n.
      for (const d of unassigned) d.againstVersion = lastVersion
      unassigned = []
      continue
    }
    const schema = OLD_SCHEMA.exec(text)
    if (schema) {
      if (schema[1] === undefined && lastVersion !== undefined) out.oldSchemas.set(lastVersion, schema[2])
      continue
    }
    const level = LEVEL.exec(text)
    if (level) {
      out.level = level[1]
      continue
    }
    out.other.push(message)
  }
  return out
}

/** A 409's message as the items of its details list; any other message as it is. */
function expandRegisterConflict(message: string): string[] {
  const details = REGISTER_CONFLICT.exec(message)
  if (!details) return [message]
  const items = details[1].split(ITEM_START).filter((item) => item.trim() !== '')
  return items.length > 0 ? items : [message]
}

function readDifference(text: string): VerdictDifference | undefined {
  const avro = AVRO.exec(text)
  if (avro) return difference(avro[1], avro[2], avro[3], true)
  const other = OTHER_FORMATS.exec(text)
  if (other) return difference(other[1], other[2], '', false)
  const legacy = LEGACY_AVRO.exec(text)
  if (legacy) return { type: legacy[1], path: legacy[2], description: sentence(legacy[3]) }
  return undefined
}

// The forms the registry's descriptions name a path in: `at path '/fields/1'`, `(path '/name')`, `at path: '…'`, `at '…'`.
const PATH_MENTION = /\s*(?:\(path '([^']*)'\)|at path:? '([^']*)'|at '([^']*)')/

function difference(type: string, description: string, info: string, avro: boolean): VerdictDifference {
  const mention = PATH_MENTION.exec(description)
  const path = mention ? (mention[1] ?? mention[2] ?? mention[3]) : undefined
  // Avro's descriptions name the reader's schema first: its path points into it.
  const reader = avro ? /\b(new|old) schema\b/.exec(description)?.[1] : undefined
  let text = mention ? description.replace(mention[0], '') : description
  text = text.replace(/\s{2,}/g, ' ').trim()
  if (text === '') text = type.toLowerCase().replace(/_/g, ' ')
  // Avro's additional information says what the description leaves out (the two types, the expected name).
  if (info !== '' && !text.includes(`'${info}'`)) text = `${text} (${info})`
  return { type, ...(path !== undefined ? { path } : {}), description: sentence(text), ...(reader === 'new' || reader === 'old' ? { pathIn: reader } : {}) }
}

/** `text` with a capital first letter and a full stop. */
function sentence(text: string): string {
  const trimmed = text.trim()
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?]$/.test(capital) ? capital : `${capital}.`
}
