import { create, createFileRegistry, fromBinary, toBinary, toJson, type DescFile, type DescMessage } from '@bufbuild/protobuf'
import { FileDescriptorProtoSchema, timestampFromDate } from '@bufbuild/protobuf/wkt'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { fromFileDescriptor, parseProtobuf, protobufDifferences, toFileDescriptor } from '../../../../src/engine/formats/protobuf/index.js'

const require = createRequire(import.meta.url)

/** A descriptor file of @confluentinc/schemaregistry's own serde tests (protobuf-es generated). */
function clientFile(name: string): DescFile {
  const mod = require(`@confluentinc/schemaregistry/dist/test/serde/test/${name}_pb.js`) as Record<string, unknown>
  return mod[Object.keys(mod).find((k) => k.startsWith('file_'))!] as DescFile
}

/** What the client's Protobuf serializer registers: the file and each import as base64 FileDescriptorProtos. */
function registered(file: DescFile): { schema: string; dependencies: Record<string, string> } {
  const b64 = (f: DescFile) => Buffer.from(toBinary(FileDescriptorProtoSchema, f.proto)).toString('base64')
  const dependencies: Record<string, string> = {}
  const visit = (f: DescFile) => {
    for (const dep of f.dependencies) {
      dependencies[dep.proto.name] = b64(dep)
      visit(dep)
    }
  }
  visit(file)
  return { schema: b64(file), dependencies }
}

describe('base64 FileDescriptorProto ↔ schema (what @confluentinc/schemaregistry registers)', () => {
  it.each(['nested', 'test', 'cycle', 'example', 'widget', 'newwidget', 'dep'])('reads the client serializer’s %s descriptor as the registry does', (name) => {
    const { schema, dependencies } = registered(clientFile(name))
    const read = fromFileDescriptor(schema, dependencies)
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    // The registry's rendering parses back to the same schema (nothing differs).
    const again = parseProtobuf(read.text, dependencies)
    if (!again.ok) throw new Error(JSON.stringify(again.errors))
    expect(protobufDifferences(read.value, again.value)).toEqual([])
    expect(protobufDifferences(again.value, read.value)).toEqual([])
    // And the raw base64 is accepted where .proto text is expected.
    expect(parseProtobuf(schema, dependencies).ok).toBe(true)
  })

  it('renders a descriptor as the registry does: messages before enums, map entries as nested map_entry messages, packages qualified', () => {
    const read = fromFileDescriptor(registered(clientFile('nested')).schema)
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.text).toContain('  repeated .test.NestedMessage.MapTypeEntry map_type = 7 [json_name = "mapType"];\n')
    expect(read.text).toContain('  message MapTypeEntry {\n    option map_entry = true;\n  \n    string key = 1 [json_name = "key"];\n')
    expect(read.text).toContain('  reserved 14;\n  reserved 15;\n  reserved 9 to 11;\n  reserved "foo";\n  reserved "bar";\n')
    expect(read.text.indexOf('message NestedMessage')).toBeLessThan(read.text.indexOf('enum Status'))
  })

  it('a map read from a descriptor compares equal to the same map written as map<K, V>', () => {
    const text = 'syntax = "proto3";\npackage t;\nmessage M {\n  map<string, int64> counts = 1;\n  int32 other = 2;\n}\n'
    const parsed = parseProtobuf(text)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const read = fromFileDescriptor(toFileDescriptor(parsed.value))
    if (!read.ok) throw new Error(JSON.stringify(read.errors))
    expect(read.text).toContain('repeated .t.M.CountsEntry counts = 1;')
    expect(protobufDifferences(parsed.value, read.value)).toEqual([])
    expect(protobufDifferences(read.value, parsed.value)).toEqual([])
  })

  it('writes a descriptor protobuf-es loads and decodes the client’s messages with', () => {
    const file = clientFile('nested')
    const { dependencies } = registered(file)
    const parsed = parseProtobuf(registered(file).schema, dependencies)
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(toFileDescriptor(parsed.value, file.proto.name), 'base64'))
    const registry = createFileRegistry(proto, (name) => file.dependencies.find((d) => d.proto.name === name)?.proto)
    const ours = registry.getMessage('test.NestedMessage') as DescMessage
    const theirs = file.messages.find((m) => m.typeName === 'test.NestedMessage')!
    const message = create(theirs, {
      userId: { userId: { case: 'kafkaUserId', value: 'u1' } },
      isActive: true,
      experimentsActive: ['a', 'b'],
      updatedAt: timestampFromDate(new Date(Date.UTC(2026, 0, 2, 3, 4, 5))),
      status: 1,
      complexType: { someVal: { case: 'oneId', value: 'x' }, isActive: true },
      mapType: { k1: 'v1', k2: 'v2' },
      inner: { id: 'in', ids: [1, 2, 3] },
    } as never)
    const bytes = toBinary(theirs, message)
    expect(toJson(ours, fromBinary(ours, bytes))).toEqual(toJson(theirs, message))
  })

  it("lays fields out as the registry's serialized format: oneof members first, map entries appended, proto3 optional as synthetic oneofs", () => {
    const parsed = parseProtobuf(
      'syntax = "proto3";\nmessage M {\n  optional int32 a = 1;\n  map<string, string> m = 2;\n  oneof o {\n    string b = 3;\n  }\n  message N {\n    int32 x = 1;\n  }\n}\n',
    )
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors))
    const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(toFileDescriptor(parsed.value), 'base64'))
    expect(proto.name).toBe('default')
    expect(proto.syntax).toBe('proto3')
    const m = proto.messageType[0]!
    expect(m.field.map((f) => [f.name, f.proto3Optional])).toEqual([
      ['b', false],
      ['a', true],
      ['m', false],
    ])
    expect([m.field[0]!.oneofIndex, m.field[1]!.oneofIndex]).toEqual([0, 1])
    expect(m.oneofDecl.map((o) => o.name)).toEqual(['o', '_a'])
    expect(m.nestedType.map((n) => [n.name, n.options?.mapEntry ?? false])).toEqual([
      ['N', false],
      ['MEntry', true],
    ])
    expect(m.field[2]!.typeName).toBe('.M.MEntry')
  })

  it('refuses bytes that are not a descriptor, with a clear error', () => {
    expect(fromFileDescriptor('not base64 at all!')).toEqual({
      ok: false,
      errors: [{ message: 'Not a base64 FileDescriptorProto: the text is not base64', path: '' }],
    })
    const truncated = fromFileDescriptor(Buffer.from([0x0a, 0x7f, 0x41]).toString('base64'))
    expect(truncated).toEqual({ ok: false, errors: [{ message: 'Not a valid FileDescriptorProto: length-delimited field runs past the end', path: '' }] })
  })
})
