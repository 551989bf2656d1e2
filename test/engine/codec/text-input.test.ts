import { describe, expect, it } from 'vitest'
import { JsonRecordSplitter } from '../../../src/engine/codec/json-records.js'
import { readMessageLine, readPlainHex } from '../../../src/engine/codec/message-text.js'

/** The records of `chunks`, or the message of the first outcome that is not ok. */
function split(chunks: string[]): { text: string; record: number; line: number }[] | string {
  const splitter = new JsonRecordSplitter()
  const records = []
  for (const outcome of [...chunks.map((c) => splitter.push(c)), splitter.end()]) {
    if (!outcome.ok) return outcome.message
    records.push(...outcome.records)
  }
  return records
}

describe('JSON record splitting', () => {
  it('splits JSON lines across chunk boundaries, skipping blank lines', () => {
    expect(split(['{"a":1}\n\n{"a"', ':2}\r\n', '{"a":3}'])).toEqual([
      { text: '{"a":1}', record: 1, line: 1 },
      { text: '{"a":2}', record: 2, line: 3 },
      { text: '{"a":3}', record: 3, line: 4 },
    ])
  })

  it('splits a JSON array into its elements, with strings holding brackets and commas', () => {
    expect(split(['\n [ {"a":"],[\\""},', '\n  {"b":[1,2]} ', ', 3\n]\n'])).toEqual([
      { text: '{"a":"],[\\""}', record: 1, line: 2 },
      { text: '{"b":[1,2]}', record: 2, line: 3 },
      { text: '3', record: 3, line: 3 },
    ])
    expect(split(['[]'])).toEqual([])
  })

  it('returns an unclosed array, text after it and an empty element as outcomes, without throwing', () => {
    expect(split(['[{"a":1}'])).toBe('the JSON array that starts the input is not closed (input ends at line 1)')
    expect(split(['[1]\n[2]'])).toBe('unexpected text after the JSON array at line 2')
    expect(split(['[1,,2]'])).toBe('empty element in the JSON array at line 1')
    expect(split(['[1,', ',2]'])).toBe('empty element in the JSON array at line 1')
  })
})

describe('message lines', () => {
  const into = Buffer.alloc(64)
  const bytes = (line: string, format: 'hex' | 'base64' = 'hex') => {
    const r = readMessageLine(line, format, into)
    return r.kind === 'message' ? into.subarray(0, r.length).toString('hex') : r
  }

  it('reads plain, prefixed, spaced and escaped hex', () => {
    expect(bytes('0000000001020a')).toBe('0000000001020a')
    expect(bytes('0x0000000001')).toBe('0000000001')
    expect(bytes('00 00 00 00 01 FF')).toBe('00000000 01ff'.replace(' ', ''))
    expect(bytes('00:00:00:00:01')).toBe('0000000001')
    expect(bytes('\\x00\\x00\\x00\\x00\\x01')).toBe('0000000001')
  })

  it("reads Kafka's Bytes.toString form (kafka-console-consumer with BytesDeserializer)", () => {
    expect(bytes('\\x00\\x00\\x00\\x00\\x01\\x06abc\\x5C~')).toBe('0000000001066162635c7e')
    expect(bytes('\\x00\\x0')).toEqual({ kind: 'error', message: 'a backslash not followed by xNN at 4: "\\\\x0"' })
  })

  it('reads null, NULL and an empty value column as a tombstone', () => {
    expect(bytes('null')).toEqual({ kind: 'tombstone' })
    expect(bytes('key\tNULL')).toEqual({ kind: 'tombstone' })
    expect(bytes('CreateTime:1700000000000\tkey\t')).toEqual({ kind: 'tombstone' })
    expect(bytes('null', 'base64')).toEqual({ kind: 'tombstone' })
  })

  it('takes the last tab-separated column (key, timestamp) and skips status lines', () => {
    expect(bytes('CreateTime:1700000000000\tkey\t0000000001')).toBe('0000000001')
    expect(bytes('% Reached end of topic t [0] at offset 3')).toEqual({ kind: 'skip' })
    expect(bytes('Processed a total of 3 messages')).toEqual({ kind: 'skip' })
    expect(bytes('   ')).toEqual({ kind: 'skip' })
  })

  it('reads base64', () => {
    expect(bytes('AAAAAAEC', 'base64')).toBe('000000000102')
  })

  it('names what is not hex or base64', () => {
    expect(bytes('00zz')).toEqual({ kind: 'error', message: 'not hex: "00zz"' })
    expect(bytes('000')).toEqual({ kind: 'error', message: 'odd number of hex digits (3)' })
    expect(bytes('AA*A', 'base64')).toEqual({ kind: 'error', message: 'not base64: "AA*A"' })
  })
})

describe('plain hex fast path', () => {
  it('decodes hex digits in place, with a trailing CR, and declines anything else', () => {
    const source = Buffer.from('xx00Ff7a\r\n', 'latin1')
    const into = Buffer.alloc(8)
    expect(readPlainHex(source, 2, 9, into)).toBe(3)
    expect(into.subarray(0, 3)).toEqual(Buffer.from([0, 0xff, 0x7a]))
    expect(readPlainHex(source, 0, 8, into)).toBe(-1)
    expect(readPlainHex(source, 2, 7, into)).toBe(-1) // odd
    expect(readPlainHex(source, 2, 2, into)).toBe(-1) // blank
  })
})
