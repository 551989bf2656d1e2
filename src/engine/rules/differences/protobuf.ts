/** What each Protobuf difference type that breaks compatibility means, and what to do. Pure. */
import type { ProtobufDifferenceType } from '../../formats/protobuf/diff/types.js'
import type { DifferenceText } from './json.js'

/** The Protobuf difference types outside the registry's compatible changes. */
export const PROTOBUF_DIFFERENCE_TEXTS: Readonly<Partial<Record<ProtobufDifferenceType, DifferenceText>>> = {
  PACKAGE_CHANGED: {
    purpose: 'The new schema declares another package than the old one, so every message type has a new full name.',
    docs: 'Consumers find message types by full name (and Any values carry it). Keep the package; a new package belongs in a new subject.',
  },
  MESSAGE_REMOVED: {
    purpose: 'The new schema removes a message type the old one defines, so data of that type can no longer be read with it.',
    docs: 'Keep the message (it may be marked deprecated); move a message to another file only together with an import that keeps its full name.',
  },
  FIELD_KIND_CHANGED: {
    purpose: 'A field of the new schema is of another kind than in the old one (scalar, message, enum or map), so its old values are read wrongly.',
    docs: 'Never change a field\'s kind: add a new field with a new number and reserve the old one (reserved 3; reserved "name";).',
  },
  FIELD_SCALAR_KIND_CHANGED: {
    purpose:
      'A scalar field of the new schema has a type whose wire encoding differs from the old one (e.g. int32 to string), so its old values are read wrongly.',
    docs: 'Only change between wire-compatible types (int32, uint32, int64, uint64, bool; sint32, sint64; fixed32, sfixed32; fixed64, sfixed64; string, bytes). Otherwise add a new field and reserve the old number.',
  },
  FIELD_NAMED_TYPE_CHANGED: {
    purpose: 'A message or enum field of the new schema refers to another type than in the old one, so its old values are read as the wrong type.',
    docs: "Keep the field's type; add a new field of the new type with a new number and reserve the old one.",
  },
  FIELD_NUMERIC_LABEL_CHANGED: {
    purpose: 'A numeric field of the new schema changes between singular and repeated, so its old values are read wrongly.',
    docs: "Keep the field's label; add a new repeated (or singular) field with a new number and reserve the old one.",
  },
  REQUIRED_FIELD_ADDED: {
    purpose: 'The new schema adds a proto2 required field, so old messages, which lack it, fail to parse.',
    docs: 'Add the field as optional; required fields can never be added or removed safely.',
  },
  REQUIRED_FIELD_REMOVED: {
    purpose: 'The new schema removes a proto2 required field, so readers on the old schema fail on new messages that lack it.',
    docs: 'Keep the required field; required fields can never be added or removed safely.',
  },
  ONEOF_FIELD_REMOVED: {
    purpose: "The new schema removes a field from a oneof, so old messages that set it lose the oneof's value.",
    docs: 'Keep the field in the oneof (it may be marked deprecated).',
  },
  MULTIPLE_FIELDS_MOVED_TO_ONEOF: {
    purpose: 'The new schema moves several existing fields into a oneof, so old messages that set more than one of them lose values.',
    docs: 'Move at most one existing field into a new oneof; leave the others outside it.',
  },
  FIELD_MOVED_TO_EXISTING_ONEOF: {
    purpose: 'The new schema moves an existing field into a oneof that already existed, so old messages that set it and a oneof member lose a value.',
    docs: 'Keep the field outside the oneof; add a new field to the oneof instead.',
  },
}
