/** The lint rules for Protobuf, and the document they read: the parsed `.proto` file (its imports not resolved). Pure. */
import type { ProtoFileElement } from '../../formats/protobuf/model.js'
import { parseProtoText } from '../../formats/protobuf/parser.js'
import type { SchemaError } from '../../types.js'
import type { FormatLintRule } from '../types.js'
import { protoEnumZeroUnspecifiedRule } from './enum-zero-unspecified.js'
import { protoFieldNameSnakeCaseRule } from './field-name-snake-case.js'
import { protoNoRequiredFieldsRule } from './no-required-fields.js'
import { protoPackageRequiredRule } from './package-required.js'
import { protoRemovedFieldReservedRule } from './removed-field-reserved.js'

/** The Protobuf rule set, in catalogue order. */
export const PROTOBUF_LINT_RULES: readonly FormatLintRule<ProtoFileElement>[] = [
  protoPackageRequiredRule,
  protoRemovedFieldReservedRule,
  protoEnumZeroUnspecifiedRule,
  protoFieldNameSnakeCaseRule,
  protoNoRequiredFieldsRule,
]

/** Parses a `.proto` text into what the rules read, or says where it does not parse. */
export function readProtobufLintDocument(text: string): { ok: true; document: ProtoFileElement } | { ok: false; errors: SchemaError[] } {
  const parsed = parseProtoText(text)
  return parsed.ok
    ? { ok: true, document: parsed.file }
    : { ok: false, errors: [{ message: parsed.error.message, path: '', line: parsed.error.line, column: parsed.error.column }] }
}
