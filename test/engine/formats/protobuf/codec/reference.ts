/**
 * protobuf-es (@bufbuild/protobuf) as a second reference for the codec: a registry built from the
 * engine's own `FileDescriptorProto` of a parsed schema (json_name filled in as protoc does), and
 * helpers to compare its bytes and JSON with the codec's.
 */
import { createFileRegistry, fromBinary, fromJson, toBinary, toJson, type DescFile, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf'
import * as wkt from '@bufbuild/protobuf/wkt'
import { FileDescriptorProtoSchema, type DescriptorProto, type FileDescriptorProto } from '@bufbuild/protobuf/wkt'
import { ByteSink } from '../../../../../src/engine/codec/index.js'
import {
  createProtobufDecoder,
  createProtobufEncoder,
  parseProtobuf,
  toFileDescriptor,
  type ParsedProtobuf,
  type ProtobufDecodeOptions,
} from '../../../../../src/engine/index.js'

const WELL_KNOWN: ReadonlyMap<string, DescFile> = new Map(
  Object.entries(wkt)
    .filter(([name, value]) => name.startsWith('file_google_protobuf_') && typeof value === 'object')
    .map(([, value]) => [(value as DescFile).proto.name, value as DescFile]),
)

function jsonName(name: string): string {
  return name.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase()).replace(/_/g, '')
}

function fillJsonNames(messages: DescriptorProto[]): void {
  for (const m of messages) {
    for (const f of m.field) if (!f.jsonName) f.jsonName = jsonName(f.name)
    fillJsonNames(m.nestedType)
  }
}

function descriptorOf(parsed: ParsedProtobuf, name: string): FileDescriptorProto {
  const proto = fromBinary(FileDescriptorProtoSchema, Buffer.from(toFileDescriptor(parsed, name), 'base64'))
  fillJsonNames(proto.messageType)
  return proto
}

/** A protobuf-es registry of `text` (with `dependencies`: import path → text) and the parsed schema. */
export function referenceRegistry(text: string, dependencies: Record<string, string> = {}): { parsed: ParsedProtobuf; registry: Registry } {
  const parsed = parseProtobuf(text, dependencies)
  if (!parsed.ok) throw new Error(`schema does not parse: ${JSON.stringify(parsed.errors)}`)
  const files = new Map<string, FileDescriptorProto>()
  for (const [path, depText] of Object.entries(dependencies)) {
    const dep = parseProtobuf(depText, dependencies)
    if (!dep.ok) throw new Error(`dependency ${path} does not parse: ${JSON.stringify(dep.errors)}`)
    files.set(path, descriptorOf(dep.value, path))
  }
  const main = descriptorOf(parsed.value, 'main.proto')
  const registry = createFileRegistry(main, (path) => WELL_KNOWN.get(path) ?? files.get(path))
  return { parsed: parsed.value, registry }
}

/** The message descriptor `name` of a reference registry. */
export function messageDesc(registry: Registry, name: string): DescMessage {
  const desc = registry.getMessage(name)
  if (desc === undefined) throw new Error(`no message ${name} in the reference registry`)
  return desc
}

/** protobuf-es: JSON → binary. */
export function referenceEncode(registry: Registry, desc: DescMessage, json: unknown): Uint8Array {
  return toBinary(desc, fromJson(desc, json as JsonValue, { registry }), { writeUnknownFields: false })
}

/** protobuf-es: binary → canonical JSON. */
export function referenceDecode(registry: Registry, desc: DescMessage, bytes: Uint8Array): unknown {
  return toJson(desc, fromBinary(desc, bytes), { registry })
}

/** The codec's payload of `json` as message `name` (throws with the codec's error). */
export function codecEncode(parsed: ParsedProtobuf, name: string, json: unknown): Uint8Array {
  const made = createProtobufEncoder(parsed, { message: name })
  if (!made.ok) throw new Error(made.message)
  const result = made.encoder.encodePayload(json)
  if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`)
  return result.bytes
}

/** The codec's JSON of payload `bytes` as message `name`, parsed (throws with the codec's error). */
export function codecDecode(parsed: ParsedProtobuf, name: string, bytes: Uint8Array, options?: ProtobufDecodeOptions): unknown {
  const sink = new ByteSink()
  const outcome = createProtobufDecoder(parsed, options).decodePayloadJson(name, bytes, 0, bytes.length, sink)
  if (!outcome.ok) throw new Error(`${outcome.error.code} at ${outcome.error.path}: ${outcome.error.message}`)
  return JSON.parse(new TextDecoder().decode(sink.buf.subarray(0, sink.length)))
}

/**
 * `json` with every float32 number written as protobuf-es writes it (the double of the float):
 * the codec writes floats in their shortest float32 text (`0.1`, as Java's JsonFormat does), so
 * they are compared through Math.fround.
 */
export function roundFloats(json: unknown): unknown {
  if (typeof json === 'number') return Math.fround(json)
  if (Array.isArray(json)) return json.map(roundFloats)
  if (typeof json === 'object' && json !== null) return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, roundFloats(v)]))
  return json
}
