// Writes the changelog of a large production-like registry for bench/serve-scale.bench.mjs:
// `subjects` subjects of `versions` versions each, every version one more field than the last
// (so each has its own id), plus `<n>-key` subjects registering a shared `"string"` key schema.
// The lines are those the registry's own writer appends (encodeRecord from dist/).
import { openSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { encodeRecord } from '../dist/server/store/changelog.js'

function avro(subject, version) {
  const fields = [
    { name: 'id', type: 'string', doc: 'The identifier of this event, unique per producer.' },
    { name: 'occurredAt', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'source', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'currency', type: { type: 'enum', name: 'Currency', symbols: ['EUR', 'USD', 'GBP', 'JPY'] } },
    { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
  ]
  for (let v = 2; v <= version; v++) fields.push({ name: `added${v}`, type: ['null', 'string'], default: null })
  const name = subject.replace(/[^A-Za-z0-9]/g, '_')
  return JSON.stringify({ type: 'record', name, namespace: 'com.example.events', fields })
}

/**
 * Writes `dir/changelog.jsonl`: every subject's versions in registration order (ids ascending), keys
 * sharing one id. Returns the counts written.
 */
export function writeScaleLog(dir, { subjects = 20_000, versions = 10, keySubjects = 0 } = {}) {
  const fd = openSync(join(dir, 'changelog.jsonl'), 'w')
  let id = 0
  let records = 0
  let chunk = []
  const flush = () => {
    writeSync(fd, chunk.join(''))
    chunk = []
  }
  const ts = 1_700_000_000_000
  for (let v = 1; v <= versions; v++) {
    for (let s = 0; s < subjects; s++) {
      const subject = `team${s % 50}.orders-${s}-value`
      const value = { subject, version: v, id: ++id, schemaType: 'AVRO', schema: avro(subject, v), deleted: false, ts: ts + id }
      chunk.push(encodeRecord({ key: { keytype: 'SCHEMA', subject, version: v, magic: 1 }, value }))
      records++
      if (chunk.length >= 4096) flush()
    }
  }
  const keyId = keySubjects > 0 ? ++id : 0
  for (let s = 0; s < keySubjects; s++) {
    const subject = `team${s % 50}.orders-${s}-key`
    chunk.push(
      encodeRecord({
        key: { keytype: 'SCHEMA', subject, version: 1, magic: 1 },
        value: { subject, version: 1, id: keyId, schemaType: 'AVRO', schema: '"string"', deleted: false, ts: ts + id + s },
      }),
    )
    records++
    if (chunk.length >= 4096) flush()
  }
  flush()
  closeSync(fd)
  return { records, maxId: id }
}
