/**
 * The codec against protobuf-es on one schema using every kind of field: the same payload bytes
 * for the same JSON, and the same canonical JSON for the same bytes.
 */
import { describe, expect, it } from 'vitest'
import { codecDecode, codecEncode, messageDesc, referenceDecode, referenceEncode, referenceRegistry, roundFloats } from './reference.js'

const ORDER = `syntax = "proto3";
package acme.orders.v1;
import "google/protobuf/timestamp.proto";
import "google/protobuf/duration.proto";
import "google/protobuf/wrappers.proto";
import "google/protobuf/struct.proto";
import "google/protobuf/any.proto";
import "google/protobuf/field_mask.proto";
import "google/protobuf/empty.proto";

message Order {
  string order_id = 1;
  int64 customer_id = 2;
  Status status = 3;
  repeated Item items = 4;
  google.protobuf.Timestamp created_at = 5;
  map<string, string> labels = 6;
  oneof payment {
    string card = 7;
    Wallet wallet = 8;
  }
  double total = 9;
  float discount = 10;
  bool gift = 11;
  bytes signature = 12;
  repeated int32 codes = 13;
  uint64 big = 14;
  sint64 delta = 15;
  fixed64 f64 = 16;
  sfixed32 sf32 = 17;
  optional int32 maybe = 18;
  google.protobuf.Duration ttl = 19;
  google.protobuf.Int64Value wrapped = 20;
  google.protobuf.Struct meta = 21;
  google.protobuf.Any extra = 22;
  google.protobuf.FieldMask mask = 23;
  google.protobuf.Empty nothing = 24;
  map<int32, Item> by_id = 25;
  google.protobuf.Value anything = 26;
  repeated Status history = 27;
  repeated string notes = 28;
  repeated double ratios = 29 [packed = false];
  uint32 u32 = 30;
  sint32 s32 = 31;
  fixed32 x32 = 32;
  sfixed64 sf64 = 33;
  map<bool, int64> flags = 34;
  google.protobuf.StringValue nick = 35;
  google.protobuf.BytesValue blob = 36;
  google.protobuf.ListValue list = 37;
  string renamed = 38 [json_name = "otherName"];

  message Item {
    string sku = 1;
    int32 qty = 2;
    double price = 3;
  }
  message Wallet {
    string id = 1;
  }
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  NEW = 1;
  PAID = 2;
}
`

const FULL = {
  orderId: 'o-1',
  customerId: '1234567890123',
  status: 'PAID',
  items: [
    { sku: 'a', qty: 2, price: 9.99 },
    { sku: 'b\n"é\u0001😀', qty: -1, price: -0.5 },
  ],
  createdAt: '2024-05-01T12:30:00.250Z',
  labels: { x: 'y', '': 'e' },
  wallet: { id: 'w' },
  total: 19.98,
  discount: 0.125,
  gift: true,
  signature: 'AAEC/w==',
  codes: [1, -2, 300, 2147483647, -2147483648],
  big: '18446744073709551615',
  delta: '-9223372036854775808',
  f64: '12',
  sf32: -5,
  maybe: 0,
  ttl: '-1.500s',
  wrapped: '0',
  meta: { a: [1, 'x', null, { b: true }], n: 2.5 },
  extra: { '@type': 'type.googleapis.com/acme.orders.v1.Order.Item', sku: 'z' },
  mask: 'a.bC,d',
  nothing: {},
  byId: { '5': { sku: 'q' }, '-1': {} },
  anything: null,
  history: ['NEW', 'PAID', 'STATUS_UNSPECIFIED'],
  notes: ['', 'two'],
  ratios: [0.5, 'NaN', 'Infinity', '-Infinity'],
  u32: 4294967295,
  s32: -7,
  x32: 7,
  sf64: '-9007199254740993',
  flags: { true: '9007199254740993', false: '-1' },
  nick: '',
  blob: 'AQ==',
  list: [1, 'a', [], {}],
  otherName: 'r',
}

describe('proto3 JSON mapping, against protobuf-es', () => {
  const { parsed, registry } = referenceRegistry(ORDER)
  const desc = messageDesc(registry, 'acme.orders.v1.Order')

  it('encodes every kind of field to the bytes protobuf-es writes', () => {
    const mine = codecEncode(parsed, 'acme.orders.v1.Order', FULL)
    expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(referenceEncode(registry, desc, FULL)).toString('hex'))
  })

  it('decodes those bytes to the JSON protobuf-es prints', () => {
    const bytes = referenceEncode(registry, desc, FULL)
    expect(codecDecode(parsed, 'acme.orders.v1.Order', bytes)).toEqual(referenceDecode(registry, desc, bytes))
  })

  it('gives back the canonical form of the record it was given', () => {
    const bytes = codecEncode(parsed, 'acme.orders.v1.Order', FULL)
    const json = codecDecode(parsed, 'acme.orders.v1.Order', bytes) as Record<string, unknown>
    // Canonical: default values of fields without presence omitted, wrappers and `optional` kept.
    expect(json.items).toEqual([
      { sku: 'a', qty: 2, price: 9.99 },
      { sku: 'b\n"é\u0001😀', qty: -1, price: -0.5 },
    ])
    expect(json).toMatchObject({ maybe: 0, wrapped: '0', nick: '', anything: null, byId: { '5': { sku: 'q' }, '-1': {} } })
    expect(json.notes).toEqual(['', 'two'])
    expect(json.ratios).toEqual([0.5, 'NaN', 'Infinity', '-Infinity'])
    const { discount: _d, ...rest } = json
    const { discount: _e, ...expected } = FULL
    expect(rest).toEqual(expected)
  })

  it('accepts the other spellings the mapping allows', () => {
    const loose = {
      order_id: 'o-2', // the .proto name
      customerId: 42, // int64 as a number
      status: 2, // enum by number
      items: [{ sku: 's', qty: '3', price: '1.25' }], // numbers as strings
      signature: 'AAEC_w', // base64url without padding
      total: '1e2',
      big: 18446744073709551615n,
      createdAt: '2024-05-01T14:30:00.250+02:00',
      ttl: '1s',
      card: 'visa',
      renamed: 'by proto name',
      codes: null, // null: not set
    }
    const canonical = codecDecode(parsed, 'acme.orders.v1.Order', codecEncode(parsed, 'acme.orders.v1.Order', loose))
    expect(canonical).toEqual({
      orderId: 'o-2',
      customerId: '42',
      status: 'PAID',
      items: [{ sku: 's', qty: 3, price: 1.25 }],
      signature: 'AAEC/w==',
      total: 100,
      big: '18446744073709551615',
      createdAt: '2024-05-01T12:30:00.250Z',
      ttl: '1s',
      card: 'visa',
      otherName: 'by proto name',
    })
  })

  it('prints float32 values in their shortest form (Java JsonFormat), protobuf-es prints the double', () => {
    const bytes = codecEncode(parsed, 'acme.orders.v1.Order', { discount: 0.1 })
    expect(codecDecode(parsed, 'acme.orders.v1.Order', bytes)).toEqual({ discount: 0.1 })
    expect(roundFloats(referenceDecode(registry, desc, bytes))).toEqual(roundFloats({ discount: 0.1 }))
  })

  it('emits default values of fields without presence on request', () => {
    const bytes = codecEncode(parsed, 'acme.orders.v1.Order', { orderId: 'x' })
    const json = codecDecode(parsed, 'acme.orders.v1.Order', bytes, { emitDefaults: true }) as Record<string, unknown>
    expect(json).toMatchObject({
      orderId: 'x',
      customerId: '0',
      status: 'STATUS_UNSPECIFIED',
      items: [],
      labels: {},
      total: 0,
      gift: false,
      signature: '',
      big: '0',
      flags: {},
    })
    // Fields with presence (messages, oneof members, proto3 optional) stay out.
    expect(Object.keys(json)).not.toContain('maybe')
    expect(Object.keys(json)).not.toContain('createdAt')
    expect(Object.keys(json)).not.toContain('card')
  })

  it('prints the .proto names on request', () => {
    const bytes = codecEncode(parsed, 'acme.orders.v1.Order', { orderId: 'x', renamed: 'y', byId: { '1': { qty: 1 } } })
    expect(codecDecode(parsed, 'acme.orders.v1.Order', bytes, { protoNames: true })).toEqual({ order_id: 'x', renamed: 'y', by_id: { '1': { qty: 1 } } })
  })
})

const LEGACY = `syntax = "proto2";
package legacy;
message Reading {
  required string sensor = 1;
  optional int32 level = 2 [default = 7];
  repeated int32 samples = 3;
  repeated int32 packed_samples = 4 [packed = true];
  optional Unit unit = 5;
  optional group Extra = 6 {
    optional string note = 7;
    repeated int64 marks = 8;
  }
  optional string label = 9 [default = "none"];
  repeated Unit units = 10;
}
enum Unit {
  CELSIUS = 1;
  KELVIN = 2;
}
`

describe('proto2: labels, packing, defaults, groups, closed enums', () => {
  const { parsed, registry } = referenceRegistry(LEGACY)
  const desc = messageDesc(registry, 'legacy.Reading')

  it('writes unpacked lists unless [packed = true], set defaults too', () => {
    const record = { sensor: 's1', level: 7, samples: [1, 2], packedSamples: [3, 4], unit: 'KELVIN', label: 'none', units: ['CELSIUS'] }
    const mine = codecEncode(parsed, 'legacy.Reading', record)
    expect(Buffer.from(mine).toString('hex')).toBe(Buffer.from(referenceEncode(registry, desc, record)).toString('hex'))
    expect(codecDecode(parsed, 'legacy.Reading', mine)).toEqual(referenceDecode(registry, desc, mine))
    expect(codecDecode(parsed, 'legacy.Reading', mine)).toEqual(record)
  })

  it('writes and reads a group between its start and end tags', () => {
    // (The engine's FileDescriptorProto has no groups, so protobuf-es cannot serve as reference here.)
    const record = { sensor: 's', extra: { note: 'n', marks: ['5', '-1'] } }
    const mine = codecEncode(parsed, 'legacy.Reading', record)
    // 0a 01 73 | 33 (field 6, start group) 3a 01 6e 40 05 40 ff…01 | 34 (field 6, end group)
    expect(Buffer.from(mine).toString('hex')).toBe('0a0173333a016e400540ffffffffffffffffff0134')
    expect(codecDecode(parsed, 'legacy.Reading', mine)).toEqual(record)
  })

  it('refuses a record without a required field, naming it', () => {
    expect(() => codecEncode(parsed, 'legacy.Reading', { level: 1 })).toThrow('sensor: required field sensor of legacy.Reading is missing')
  })

  it('reports a message without a required field on decode', () => {
    const bytes = referenceEncode(registry, desc, { sensor: 'x' }).subarray(3) // drop field 1 (tag, length, one byte)
    expect(() => codecDecode(parsed, 'legacy.Reading', bytes)).toThrow(
      'MISSING_REQUIRED_FIELD at sensor: required field sensor (1) of legacy.Reading is missing',
    )
  })

  it('refuses a number outside a closed enum on encode, and skips one on decode as Java does', () => {
    expect(() => codecEncode(parsed, 'legacy.Reading', { sensor: 's', unit: 9 })).toThrow('unit: 9 is not a number of the closed enum legacy.Unit')
    // sensor "s", unit 9 (unknown), units [1, 9, 2]: Java keeps 9 among the unknown fields, in
    // the singular field and in the list; protobuf-es does so for the singular field only.
    const bytes = Uint8Array.from([0x0a, 1, 0x73, 0x28, 9, 0x50, 1, 0x50, 9, 0x50, 2])
    expect(codecDecode(parsed, 'legacy.Reading', bytes)).toEqual({ sensor: 's', units: ['CELSIUS', 'KELVIN'] })
    expect(referenceDecode(registry, desc, bytes)).toEqual({ sensor: 's', units: ['CELSIUS', 9, 'KELVIN'] })
    // A known value before an unknown one stays.
    expect(codecDecode(parsed, 'legacy.Reading', Uint8Array.from([0x0a, 1, 0x73, 0x28, 2, 0x28, 9]))).toEqual({ sensor: 's', unit: 'KELVIN' })
  })

  it('reads packed and unpacked elements of one list alike', () => {
    // samples (3, unpacked field) as a packed run [1, 2] then an unpacked 3.
    const bytes = Uint8Array.from([0x0a, 1, 0x73, 0x1a, 2, 1, 2, 0x18, 3])
    expect(codecDecode(parsed, 'legacy.Reading', bytes)).toEqual({ sensor: 's', samples: [1, 2, 3] })
  })
})

describe('messages written out of field order, repeated or merged, read as Protobuf does', () => {
  const { parsed, registry } = referenceRegistry(ORDER)
  const desc = messageDesc(registry, 'acme.orders.v1.Order')
  const hex = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s/g, ''), 'hex'))

  it.each([
    ['fields in reverse order', '18 02 0a 01 61'],
    ['a scalar written twice: the last wins', '0a 01 61 0a 01 62'],
    ['a singular message written twice: the two merge', '2a 02 08 05 2a 02 10 07'],
    ['a oneof member then another: the last wins', '3a 01 76 42 03 0a 01 77'],
    ['the other way round', '42 03 0a 01 77 3a 01 76'],
    ['a oneof message member split around another member', '42 03 0a 01 77 3a 01 76 42 03 0a 01 78'],
    ['a list split around another field', '68 01 0a 01 61 6a 02 02 03'],
    ['a map key written twice: the last value wins, in the first place', '32 06 0a 01 6b 12 01 31 32 06 0a 01 6a 12 01 32 32 06 0a 01 6b 12 01 33'],
    ['an implicit field written with its default value', '10 00 0a 00'],
    ['an unknown field among known ones', '0a 01 61 a0 06 01 18 01'],
  ])('%s', (_name, bytes) => {
    expect(codecDecode(parsed, 'acme.orders.v1.Order', hex(bytes))).toEqual(referenceDecode(registry, desc, hex(bytes)))
  })
})
