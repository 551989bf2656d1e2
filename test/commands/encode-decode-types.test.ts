/** `encode` / `decode` of JSON Schema and Protobuf messages through the commands: schema files, flags that do not apply, bad input (one line, exit code each). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Decode from '../../src/commands/decode.js'
import Encode from '../../src/commands/encode.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

let reg: TestRegistry
let dir: string
beforeAll(async () => {
  reg = await startTestRegistry()
  dir = mkdtempSync(join(tmpdir(), 'schemactl-types-cmd-'))
})
afterAll(async () => {
  await reg.close()
  rmSync(dir, { recursive: true, force: true })
})

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

const PROTO = `syntax = "proto3";
package shop;
import "google/protobuf/timestamp.proto";
message Order {
  string id = 1;
  int64 cents = 2;
  Status status = 3;
  repeated Line lines = 4;
  google.protobuf.Timestamp at = 5;
  message Line { string sku = 1; uint32 qty = 2; }
}
message Refund { string order_id = 1; }
enum Status { STATUS_UNSPECIFIED = 0; PAID = 1; }
`
const JSON_SCHEMA = JSON.stringify({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Click',
  type: 'object',
  properties: {
    url: { type: 'string' },
    ms: { type: 'integer', minimum: 0 },
    tags: { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'integer' } },
  },
  required: ['url'],
})

const lines = (text: string) => text.trim().split('\n')

describe('encode and decode Protobuf messages', () => {
  let messages: string
  it('encodes with a .proto file registered under the topic (first message by default), decodes to canonical proto3 JSON', async () => {
    const records = file(
      'orders.jsonl',
      '{"id":"o1","cents":"9007199254740993","status":"PAID","lines":[{"sku":"a","qty":2}],"at":"2024-05-01T12:30:00.123Z"}\n{"id":"o2"}\n',
    )
    const run = await runCommand(Encode, [records, '--topic', 'orders', '--schema', file('order.proto', PROTO), '--register', '--registry', reg.url])
    expect(run.code).toBe(0)
    messages = run.stdout
    expect(lines(messages).map((m) => m.slice(0, 12))).toEqual(['000000000100', '000000000100'])
    const decoded = await runCommand(Decode, [file('orders.hex', messages), '--registry', reg.url])
    expect(decoded).toMatchObject({ code: 0 })
    expect(lines(decoded.stdout).map((l) => JSON.parse(l))).toEqual([
      { id: 'o1', cents: '9007199254740993', status: 'PAID', lines: [{ sku: 'a', qty: 2 }], at: '2024-05-01T12:30:00.123Z' },
      { id: 'o2' },
    ])
  })

  it('--message picks another message type (its index in the frame); the record-name strategy names the subject after it', async () => {
    const run = await runCommand(Encode, [
      file('refund.jsonl', '{"orderId":"o1"}\n'),
      '--topic',
      'pay',
      '--strategy',
      'topic-record',
      '--message',
      'Refund',
      '--schema',
      file('order2.proto', PROTO),
      '--register',
      '--registry',
      reg.url,
      '--json',
    ])
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stderr.trim())).toMatchObject({ result: { subject: 'pay-shop.Refund' } })
    expect(run.stdout.slice(10, 14)).toBe('0202') // one index, zig-zag 1
    const decoded = await runCommand(Decode, [file('refund.hex', run.stdout), '--registry', reg.url])
    expect(decoded.stdout).toBe('{"orderId":"o1"}\n')
  })

  it('a message that does not match is one line with its number and code; the others still decode (exit 1)', async () => {
    const [good] = lines(messages)
    const header = good.slice(0, 10)
    const input = [good, `${header}05`, `${header}00${'12'}ff`, `${header}0010ff`, `${header}00`].join('\n') + '\n'
    const run = await runCommand(Decode, [file('bad.hex', input), '--registry', reg.url])
    expect(run.code).toBe(1)
    expect(lines(run.stdout)[1]).toBe('{}')
    const errors = run.stderr.split('\n').filter((l) => l.startsWith('message '))
    expect(errors).toHaveLength(3)
    expect(errors[0]).toMatch(/^message 2 \(line 2, schema id \d+\): .*\[(INVALID_MESSAGE_INDEXES|UNKNOWN_MESSAGE_INDEX)\]$/)
    expect(errors[1]).toMatch(/^message 3 \(line 3, schema id \d+\): .*\[(TRUNCATED_PAYLOAD|OVERLONG_VARINT)\]$/)
    expect(errors[2]).toMatch(/^message 4 \(line 4, schema id \d+\): .*\[(TRUNCATED_PAYLOAD|OVERLONG_VARINT)\]$/)
    expect(run.stderr).toContain('decoded 2 of 5 messages, 3 failed')
  })

  it('a field written with the wrong wire type names the field', async () => {
    const header = lines(messages)[0].slice(0, 10)
    // Field 1 (id, a string) written as a varint.
    const run = await runCommand(Decode, [file('wire.hex', `${header}000801\n`), '--registry', reg.url])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(
      /^message 1 \(line 1, schema id \d+\): field id \(1\) of shop\.Order is a string, written with length-delimited values, but the bytes hold a varint value: .*\[WRONG_WIRE_TYPE\]$/m,
    )
    const nested = await runCommand(Decode, [file('wire2.hex', `${header}00220210ff\n`), '--registry', reg.url])
    expect(nested.stderr).toMatch(/^message 1 \(line 1, schema id \d+\): at lines\[0\]: truncated payload: .*\[(TRUNCATED_PAYLOAD|OVERLONG_VARINT)\]$/m)
  })

  it('a record that does not fit stops the run with its number and field (exit 5)', async () => {
    const run = await runCommand(Encode, [
      file('bad.jsonl', '{"id":"x"}\n{"id":"y","lines":[{"qty":-1}]}\n'),
      '--subject',
      'orders-value',
      '--registry',
      reg.url,
    ])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/^Error: record 2 \(line 2 of .*bad\.jsonl\): field lines\[0\]\.qty: .+$/m)
  })

  it('--message naming no message of the schema is exit 5 with the ones it declares', async () => {
    const run = await runCommand(Encode, [file('m.jsonl', '{}\n'), '--subject', 'orders-value', '--message', 'Nope', '--registry', reg.url])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/message type "Nope" is not declared in the schema; it declares shop\.Order, shop\.Order\.Line, shop\.Refund/)
  })

  it('--reader-schema and --reader-subject do not apply to Protobuf (exit 2)', async () => {
    const bySubject = await runCommand(Decode, [file('r.hex', messages), '--reader-subject', 'orders-value@latest', '--registry', reg.url])
    expect(bySubject.code).toBe(2)
    expect(bySubject.stderr).toContain(
      '--reader-schema and --reader-subject apply to Avro only: Protobuf messages are decoded with the schema they were written with',
    )
    const byFile = await runCommand(Decode, [file('r2.hex', messages), '--reader-schema', join(dir, 'order.proto'), '--registry', reg.url])
    expect(byFile.code).toBe(2)
  })
})

describe('encode and decode JSON Schema messages', () => {
  let messages: string
  it('encodes a JSON Schema file (2020-12, recognised by $schema) and decodes the compact JSON', async () => {
    const records = file('clicks.json', '[{"url": "/a", "ms": 12345678901234567890, "tags": ["x", 1]},\n {"url": "/b"}]')
    const run = await runCommand(Encode, [records, '--topic', 'clicks', '--schema', file('click.json', JSON_SCHEMA), '--register', '--registry', reg.url])
    expect(run.code).toBe(0)
    messages = run.stdout
    const first = Buffer.from(lines(messages)[0], 'hex')
    expect(first.subarray(5).toString()).toBe('{"url":"/a","ms":12345678901234567890,"tags":["x",1]}')
    const decoded = await runCommand(Decode, [file('clicks.hex', messages), '--registry', reg.url])
    expect(decoded).toMatchObject({ code: 0, stdout: '{"url":"/a","ms":12345678901234567890,"tags":["x",1]}\n{"url":"/b"}\n' })
  })

  it('a record the schema refuses stops encode with its number and path (exit 5)', async () => {
    const run = await runCommand(Encode, [
      file('bad-clicks.jsonl', '{"url":"/a"}\n{"url":"/b","tags":["x","y"]}\n'),
      '--subject',
      'clicks-value',
      '--registry',
      reg.url,
    ])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/^Error: record 2 \(line 2 of .*bad-clicks\.jsonl\): field tags\[1\]: must be integer \(.*\)$/m)
    const missing = await runCommand(Encode, [file('bad2.jsonl', '{"ms":-1,"url":"/c"}\n'), '--subject', 'clicks-value', '--registry', reg.url])
    expect(missing.stderr).toMatch(/record 1 \(line 1 of .*\): field ms: must be >= 0/)
  })

  it('a message whose JSON the schema refuses, or that is not JSON or UTF-8, is one line each (exit 1)', async () => {
    const header = lines(messages)[0].slice(0, 10)
    const hex = (s: string | Buffer) => header + Buffer.from(s).toString('hex')
    const input = [hex('{"url":1}'), hex('{"url":'), hex(Buffer.from([0x22, 0xff, 0x22])), lines(messages)[1]].join('\n')
    const run = await runCommand(Decode, [file('bad-clicks.hex', input), '--registry', reg.url])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('{"url":"/b"}\n')
    expect(run.stderr).toMatch(/^message 1 \(line 1, schema id \d+\): field url: must be string \(#\/properties\/url\/type\) \[RECORD_INVALID\]$/m)
    expect(run.stderr).toMatch(/^message 2 \(line 2, schema id \d+\): the payload is not JSON: .* \[INVALID_JSON\]$/m)
    expect(run.stderr).toMatch(/^message 3 \(line 3, schema id \d+\): the payload is not valid UTF-8 \[INVALID_UTF8\]$/m)
  })

  it('--reader-schema does not apply to JSON Schema, --message applies to Protobuf only (exit 2)', async () => {
    const reader = await runCommand(Decode, [file('j.hex', messages), '--reader-schema', join(dir, 'click.json'), '--registry', reg.url])
    expect(reader.code).toBe(2)
    expect(reader.stderr).toContain('apply to Avro only: JSON Schema messages are decoded with the schema they were written with')
    const message = await runCommand(Encode, [file('j.jsonl', '{"url":"/a"}\n'), '--subject', 'clicks-value', '--message', 'X', '--registry', reg.url])
    expect(message.code).toBe(2)
    expect(message.stderr).toContain('--message applies to Protobuf schemas only')
  })

  it('a schema file that is not a valid JSON Schema is exit 5 naming the file', async () => {
    const run = await runCommand(Encode, [
      file('x.jsonl', '{}\n'),
      '--subject',
      's',
      '--schema-type',
      'JSON',
      '--schema',
      file('broken.json', '{"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"a":{"$ref":"#/nope"}}}'),
      '--registry',
      reg.url,
    ])
    expect(run.code).toBe(5)
    expect(run.stderr).toMatch(/broken\.json(:\d+:\d+:| cannot be used to validate records:) .*#\/nope/)
  })
})
