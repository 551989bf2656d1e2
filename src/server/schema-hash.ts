/**
 * The registry's content hash of a schema, and the `guid` derived from it (Confluent Platform 8):
 * an MD5 over the schema text, its references and its data contract. The registry keys its
 * schemas by this hash, so the same text with another contract is another schema (another id),
 * and the guid of a schema is the same in every registry that holds it: a message framed with a
 * guid by a producer of one registry resolves in a copy of it.
 *
 * The bytes hashed are those of Confluent's `Schema.updateHash` (the Apache-licensed client
 * entities): the schema text; for each reference its name, its subject and its version as a
 * 4-byte big-endian integer; then, when the version has metadata, a byte 1 followed by each tag
 * path and its tags, each property key and value, each sensitive name; then, when it has a rule
 * set, a byte 1 followed by each rule (migration, domain, encoding) as its name, doc, kind, mode,
 * type, tags, params (key, value), expr, onSuccess, onFailure and a byte 1 when disabled, every
 * member that is absent left out. Strings are UTF-8, maps and sets in their sorted normal form.
 * Checked against the registry's published golden hashes in `test/server/schema-hash.test.ts`.
 */
import { createHash, hash, type Hash } from 'node:crypto'
import { contracts } from '../engine/index.js'
import type { SchemaReference } from './store/records.js'

type Metadata = contracts.Metadata
type RuleSet = contracts.RuleSet

/** What the hash covers: the stored text, the references, and the contract. */
export interface HashedSchema {
  schema: string
  references: readonly SchemaReference[]
  metadata?: Metadata
  ruleSet?: RuleSet
}

const PRESENT = Uint8Array.of(1)

/** The registry's MD5 of a schema, as 32 hex digits. */
export function schemaHash(schema: HashedSchema): string {
  // Most schemas are text alone: a one-shot hash is cheaper than a Hash object, and every registration answers a guid.
  if (schema.references.length === 0 && schema.metadata === undefined && schema.ruleSet === undefined) return hash('md5', schema.schema, 'hex')
  const md = createHash('md5')
  md.update(schema.schema, 'utf8')
  for (const ref of schema.references) {
    md.update(ref.name, 'utf8')
    md.update(ref.subject, 'utf8')
    const version = Buffer.alloc(4)
    version.writeInt32BE(ref.version)
    md.update(version)
  }
  if (schema.metadata !== undefined) {
    md.update(PRESENT)
    updateMetadata(md, schema.metadata)
  }
  if (schema.ruleSet !== undefined) {
    md.update(PRESENT)
    for (const list of contracts.RULE_LISTS) for (const rule of schema.ruleSet[list] ?? []) updateRule(md, rule)
  }
  return md.digest('hex')
}

/** The guid of a schema: its hash written as a UUID (8-4-4-4-12 hex digits). */
export function schemaGuid(schema: HashedSchema): string {
  const h = schemaHash(schema)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

function updateMetadata(md: Hash, metadata: Metadata): void {
  for (const [path, tags] of Object.entries(metadata.tags ?? {})) {
    md.update(path, 'utf8')
    for (const tag of tags) md.update(tag, 'utf8')
  }
  for (const [key, value] of Object.entries(metadata.properties ?? {})) {
    md.update(key, 'utf8')
    md.update(value, 'utf8')
  }
  for (const name of metadata.sensitive ?? []) md.update(name, 'utf8')
}

function updateRule(md: Hash, rule: contracts.Rule): void {
  for (const text of [rule.name, rule.doc, rule.kind, rule.mode, rule.type]) if (text !== undefined) md.update(text, 'utf8')
  for (const tag of rule.tags ?? []) md.update(tag, 'utf8')
  for (const [key, value] of Object.entries(rule.params ?? {})) {
    md.update(key, 'utf8')
    md.update(value, 'utf8')
  }
  for (const text of [rule.expr, rule.onSuccess, rule.onFailure]) if (text !== undefined) md.update(text, 'utf8')
  if (rule.disabled) md.update(PRESENT)
}
