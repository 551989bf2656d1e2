import { describe, expect, it } from 'vitest'
import { deriveSubject } from '../../../src/app/wire/encode.js'
import { parseSubjectVersion } from '../../../src/app/wire/schema.js'
import { avroWireSchema } from '../../../src/app/wire/avro.js'
import { WIRE_CODECS, type WireSchema } from '../../../src/app/wire/codecs.js'
import { parseSchema, type ParsedSchema } from '../../../src/engine/index.js'

function wireOf(type: 'JSON' | 'PROTOBUF', text: string): WireSchema {
  const loaded = WIRE_CODECS[type].fromText(text, 'test')
  if (!loaded.ok) throw new Error(loaded.error)
  return loaded.wire
}

describe('subject@version', () => {
  it('splits at the last @, latest when there is none', () => {
    expect(parseSubjectVersion('orders-value@3')).toEqual({ subject: 'orders-value', version: 3 })
    expect(parseSubjectVersion('a@b-value@LATEST')).toEqual({ subject: 'a@b-value', version: 'latest' })
    expect(parseSubjectVersion('orders-value')).toEqual({ subject: 'orders-value', version: 'latest' })
  })

  it('refuses a missing subject or a version that is not one (exit 2)', () => {
    expect(() => parseSubjectVersion('@3')).toThrow(expect.objectContaining({ kind: 'usage' }))
    expect(() => parseSubjectVersion('s@0')).toThrow("'0' in 's@0' is not a version")
    expect(() => parseSubjectVersion('s@v2')).toThrow(expect.objectContaining({ code: 'INVALID_VERSION' }))
  })
})

describe('subject naming strategies', () => {
  const order = avroWireSchema(parseSchema({ type: 'record', name: 'Order', namespace: 'shop', fields: [] }) as ParsedSchema)
  it('derives topic, record and topic-record subjects; --subject wins', () => {
    expect(deriveSubject({ topic: 'orders' }, undefined)).toBe('orders-value')
    expect(deriveSubject({ topic: 'orders', key: true }, undefined)).toBe('orders-key')
    expect(deriveSubject({ topic: 'orders', strategy: 'record' }, order)).toBe('shop.Order')
    expect(deriveSubject({ topic: 'orders', strategy: 'topic-record' }, order)).toBe('orders-shop.Order')
    expect(deriveSubject({ subject: 'x', topic: 'orders', strategy: 'record' }, order)).toBe('x')
  })

  it('names a Protobuf record by its message type (--message, else the first) and a JSON Schema record by its title', () => {
    const proto = wireOf('PROTOBUF', 'syntax = "proto3";\npackage shop;\nmessage Order { int32 id = 1; }\nmessage Refund { int32 id = 1; }\n')
    expect(deriveSubject({ topic: 'orders', strategy: 'record' }, proto)).toBe('shop.Order')
    expect(deriveSubject({ topic: 'orders', strategy: 'topic-record', message: 'Refund' }, proto)).toBe('orders-shop.Refund')
    expect(deriveSubject({ topic: 'orders', strategy: 'record' }, wireOf('JSON', '{"title":"Order","type":"object"}'))).toBe('Order')
    expect(() => deriveSubject({ topic: 'orders', strategy: 'record' }, wireOf('JSON', '{"type":"object"}'))).toThrow('needs --schema <file> with a named type')
  })

  it('asks for what is missing (exit 2)', () => {
    expect(() => deriveSubject({}, undefined)).toThrow('Encode needs --subject or --topic')
    expect(() => deriveSubject({ topic: 't', strategy: 'record' }, undefined)).toThrow('--strategy record needs --schema <file> with a named type')
    expect(() => deriveSubject({ strategy: 'topic-record' }, order)).toThrow('--strategy topic-record needs --topic')
  })
})
