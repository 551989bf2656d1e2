/**
 * Our own Protobuf difference cases, beyond the public conformance set: every difference type in
 * both directions, with imports, nested types, maps, oneofs and proto2 labels. Each expected list
 * was worked out by hand from a stated rule, and says where the rule comes from:
 *
 * - [fixture]: a case of Confluent's protobuf-provider test fixture diff-schema-examples.json
 *   (an earlier revision, public on GitHub), the same pair as there.
 * - [diff-rules]: the comparison rules of Confluent's protobuf-provider diff package
 *   (SchemaDiff, MessageSchemaDiff, FieldSchemaDiff, EnumSchemaDiff; read for facts, Confluent
 *   Community License) as this engine restates them in src/engine/formats/protobuf/diff/*.ts:
 *   fields matched by number across the message, oneof moves judged by where fields came from,
 *   labels compared only when both sides write one, scalars by wire-compatible group, message and
 *   enum names walked in Java hash-set order, enum numbers likewise.
 * - [protobuf-guide]: the wire-compatible scalar groups of the Protocol Buffers language guide
 *   ("Updating a message type"), which the registry's scalar kinds follow.
 */

export interface OwnCase {
  id: string
  /** Where the rule comes from (see above), and why this expected list. */
  source: string
  original: string
  update: string
  originalDependencies?: Record<string, string>
  updateDependencies?: Record<string, string>
  /** `TYPE #/path` in the registry's order, compatible ones included. */
  errors: string[]
  compatible: boolean
  /** The same pair swapped (FORWARD): expected differences, when worked out. */
  reverse?: { errors: string[]; compatible: boolean }
}

const p3 = (body: string) => `syntax = "proto3";\n${body}`
const p2 = (body: string) => `syntax = "proto2";\n${body}`

const GOOGLE = p3('package io.confluent.cloud.demo.domain;\nmessage GoogleHome {\n  int32 deviceID = 1;\n  bool enabled = 2;\n}')
const GOOGLE_CHANGED = p3('package io.confluent.cloud.demo.domain;\nmessage GoogleHome {\n  string deviceID = 1;\n  bool enabled = 2;\n}')
const OUTER = (pkg: string, idType: string) =>
  p3(`package ${pkg};\nmessage outer {\n  message GoogleHome {\n    ${idType} deviceID = 1;\n    bool enabled = 2;\n  }\n}`)

import { WELL_KNOWN_PROTOS } from '../../../../src/engine/formats/protobuf/index.js'

const DECIMAL_VALUE = `syntax = "proto3";

import "protobuf-types/src/main/proto/confluent/meta.proto";
import "confluent/type/decimal.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";

// Wrapper message for \`Decimal\`.
message DecimalValue {
  option (confluent.message_meta).doc = "message";

  // The bytes value.
  confluent.type.Decimal value = 1 [(confluent.field_meta) = { params: [
    { key: "precision", value: "8" },
    { key: "scale", value: "3" }
  ]}];
}
`
const DECIMAL_VALUE_2 = `syntax = "proto3";

import "confluent/meta.proto";
import "confluent/type/decimal.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";
option (confluent.file_meta) = {
  doc: "file"
};

message DecimalValue {
  option (confluent.message_meta) = {
    doc: "message"
  };

  confluent.type.Decimal value = 1 [(confluent.field_meta) = {
    doc: "field",
    params: [
      {
        value: "8",
        key: "precision"
      },
      {
        value: "3",
        key: "scale"
      }
    ]
  }];
}
enum Status {
  option (confluent.enum_meta) = {
    doc: "enum"
  };
  ACTIVE = 0 [(confluent.enum_value_meta) = {
    doc: "enum_value",
    params: [
      {
        key: "type",
        value: "enum"
      }
    ]
  }];
  INACTIVE = 1;
}
`
const META_DEPENDENCIES = {
  'confluent/meta.proto': WELL_KNOWN_PROTOS['confluent/meta.proto']!,
  'confluent/type/decimal.proto': WELL_KNOWN_PROTOS['confluent/type/decimal.proto']!,
}

// Confluent's protobuf-provider test resources (earlier revisions): NestedTestProto.proto, NestedNoMapTestProto.proto,
// TestProto.proto, TestProto2.proto and SameMessageName.proto.
const NESTED_TEST_PROTO = `syntax = "proto3";

package io.confluent.kafka.serializers.protobuf.test;

option java_package = "io.confluent.kafka.serializers.protobuf.test";
option java_outer_classname = "NestedTestProto";
option java_multiple_files = false;
option deprecated = false;

message UserId {
    oneof user_id {
        string kafka_user_id = 1;
        int32 other_user_id = 2;
        MessageId another_id = 3 [deprecated=true];
    }
}

message MessageId {
    string id = 1;
}

enum Status {
    ACTIVE = 0;
    INACTIVE = 1;
}

message ComplexType {
    oneof some_val {
        string one_id = 1;
        int32 other_id = 2;
    }
    bool is_active = 3;
}

/*
 * Complex message using nested protos and repeated fields
 */
message NestedMessage {
    UserId user_id = 1;
    bool is_active = 2;
    repeated string experiments_active = 3;
    int64 updated_at = 4;
    Status status = 5;
    ComplexType complex_type = 6;
    map<string, string> map_type = 7;
    InnerMessage inner = 8 [deprecated=true];

    message InnerMessage {
        option deprecated = true;
        string id = 1 [json_name="id"];
        repeated int32 ids = 2 [packed=true];
    }

    enum InnerEnum {
        option allow_alias = true;
        option deprecated = true;
        ZERO = 0 [deprecated=true];
        ALSO_ZERO = 0;
    }

    reserved 14, 15, 9 to 11;
    reserved "foo", "bar";
}
`
const NESTED_NO_MAP_TEST_PROTO = NESTED_TEST_PROTO.replace('    map<string, string> map_type = 7;\n', '').replace('option deprecated = false;\n', '')
const TEST_PROTO = 'syntax = "proto3";\n\npackage test1;\n\nmessage TestMessage {\n    string test_string = 1;\n    int32 test_int = 2;\n}\n'
const TEST_PROTO_2 = 'syntax = "proto3";\n\npackage test2;\n\nmessage TestMessage {\n    string test_string = 1;\n    string test_string2 = 2;\n}\n'
const SAME_MESSAGE_NAME =
  'syntax = "proto3";\n\nimport "TestProto.proto";\nimport "TestProto2.proto";\n\npackage test3;\n\nmessage TestMessage {\n    test1.TestMessage nested_message1 = 1;\n    test2.TestMessage nested_message2 = 2;\n}\n'
const TEST_PROTO_DEPENDENCIES = { 'TestProto.proto': TEST_PROTO, 'TestProto2.proto': TEST_PROTO_2 }

export const OWN_CASES: OwnCase[] = [
  {
    id: 'map-removed',
    source:
      '[diff-rules] NestedTestProto.proto → NestedNoMapTestProto.proto: the map field is removed; options (deprecated, packed, json_name) are not compared',
    original: NESTED_TEST_PROTO,
    update: NESTED_NO_MAP_TEST_PROTO,
    errors: ['FIELD_REMOVED #/NestedMessage/7'],
    compatible: true,
    reverse: { errors: ['FIELD_ADDED #/NestedMessage/7'], compatible: true },
  },
  {
    id: 'test-proto-files',
    source:
      "Confluent's SchemaDiffTest.checkCompatibilityUsingProtoFiles (TestProto.proto → TestProto2.proto) expects FIELD_NAME_CHANGED and FIELD_SCALAR_KIND_CHANGED at #/TestMessage/2; [diff-rules] add the package change first",
    original: TEST_PROTO,
    update: TEST_PROTO_2,
    errors: ['PACKAGE_CHANGED #/', 'FIELD_NAME_CHANGED #/TestMessage/2', 'FIELD_SCALAR_KIND_CHANGED #/TestMessage/2'],
    compatible: false,
    reverse: { errors: ['PACKAGE_CHANGED #/', 'FIELD_NAME_CHANGED #/TestMessage/2', 'FIELD_SCALAR_KIND_CHANGED #/TestMessage/2'], compatible: false },
  },
  {
    id: 'same-message-name-unchanged',
    source:
      '[diff-rules] SameMessageName.proto: two imported messages of the same simple name in different packages; the same file on both sides differs in nothing',
    original: SAME_MESSAGE_NAME,
    update: SAME_MESSAGE_NAME,
    originalDependencies: TEST_PROTO_DEPENDENCIES,
    updateDependencies: TEST_PROTO_DEPENDENCIES,
    errors: [],
    compatible: true,
  },
  {
    id: 'same-message-name-swapped',
    source:
      '[diff-rules] imported types are matched by their name without the package, so test1.TestMessage → test2.TestMessage is compared field by field (in a sub-comparison rooted at #/TestMessage)',
    original: SAME_MESSAGE_NAME,
    update: SAME_MESSAGE_NAME.replace('test1.TestMessage nested_message1', 'test2.TestMessage nested_message1').replace(
      'test2.TestMessage nested_message2',
      'test1.TestMessage nested_message2',
    ),
    originalDependencies: TEST_PROTO_DEPENDENCIES,
    updateDependencies: TEST_PROTO_DEPENDENCIES,
    errors: [
      'FIELD_NAME_CHANGED #/TestMessage/2',
      'FIELD_SCALAR_KIND_CHANGED #/TestMessage/2',
      'FIELD_NAMED_TYPE_CHANGED #/TestMessage/1',
      'FIELD_NAME_CHANGED #/TestMessage/2',
      'FIELD_SCALAR_KIND_CHANGED #/TestMessage/2',
      'FIELD_NAMED_TYPE_CHANGED #/TestMessage/2',
    ],
    compatible: false,
  },
  {
    id: 'meta-options-and-vendored-import',
    source:
      '[fixture] diff-schema-examples-with-meta.json "Ignore changes to custom imports" (DecimalValue.proto → DecimalValue2.proto, an earlier revision of both): Confluent meta options change nothing; the original imports a vendored copy of confluent/meta.proto',
    original: DECIMAL_VALUE,
    update: DECIMAL_VALUE_2,
    originalDependencies: META_DEPENDENCIES,
    updateDependencies: META_DEPENDENCIES,
    errors: ['ENUM_ADDED #/Status'],
    compatible: true,
    reverse: { errors: ['ENUM_REMOVED #/Status'], compatible: true },
  },
  {
    id: 'message-added',
    source: '[fixture] "Detect compatible message addition"; reverse [diff-rules]: a message only in the original is MESSAGE_REMOVED (incompatible)',
    original: p3('message TestMessage {\n  string test_string = 1;\n}'),
    update: p3('message TestMessage {\n  string test_string = 1;\n}\nmessage TestMessage2 {\n  string test_string = 1;\n}'),
    errors: ['MESSAGE_ADDED #/TestMessage2'],
    compatible: true,
    reverse: { errors: ['MESSAGE_REMOVED #/TestMessage2'], compatible: false },
  },
  {
    id: 'message-moved-after-new-first',
    source: '[fixture] "Detect compatible message index change" (TestMessage2 is walked before TestMessage: Java hash order); reverse [diff-rules]',
    original: p3('message TestMessage {\n  string test_string = 1;\n}'),
    update: p3('message TestMessage2 {\n  string test_string = 1;\n}\nmessage TestMessage {\n  string test_string = 1;\n}'),
    errors: ['MESSAGE_ADDED #/TestMessage2', 'MESSAGE_MOVED #/TestMessage'],
    compatible: true,
    reverse: { errors: ['MESSAGE_REMOVED #/TestMessage2', 'MESSAGE_MOVED #/TestMessage'], compatible: false },
  },
  {
    id: 'messages-swapped',
    source: '[fixture] "Detect compatible message index change" (two messages swapped); the reverse is the same swap',
    original: p3('message TestMessage {\n  string test_string = 1;\n}\nmessage TestMessage2 {\n  string test_string = 1;\n}'),
    update: p3('message TestMessage2 {\n  string test_string = 1;\n}\nmessage TestMessage {\n  string test_string = 1;\n}'),
    errors: ['MESSAGE_MOVED #/TestMessage2', 'MESSAGE_MOVED #/TestMessage'],
    compatible: true,
    reverse: { errors: ['MESSAGE_MOVED #/TestMessage2', 'MESSAGE_MOVED #/TestMessage'], compatible: true },
  },
  {
    id: 'required-field-removed',
    source: '[fixture] "Detect removed required field"; reverse is "Detect added required field"',
    original: p2('message TestMessage {\n  optional string test_string = 1;\n  required string test_string2 = 2;\n}'),
    update: p2('message TestMessage {\n  optional string test_string = 1;\n}'),
    errors: ['REQUIRED_FIELD_REMOVED #/TestMessage/2'],
    compatible: false,
    reverse: { errors: ['REQUIRED_FIELD_ADDED #/TestMessage/2'], compatible: false },
  },
  {
    id: 'wire-compatible-numbers',
    source: '[fixture] "Detect compatible field number type change" (int32 → int64); [protobuf-guide] int32, int64, uint32, uint64 and bool are one group',
    original: p3('message M {\n  int32 a = 1;\n  uint32 b = 2;\n  bool c = 3;\n  sint32 d = 4;\n  fixed32 e = 5;\n  fixed64 f = 6;\n}'),
    update: p3('message M {\n  int64 a = 1;\n  uint64 b = 2;\n  int32 c = 3;\n  sint64 d = 4;\n  sfixed32 e = 5;\n  sfixed64 f = 6;\n}'),
    errors: [],
    compatible: true,
    reverse: { errors: [], compatible: true },
  },
  {
    id: 'string-to-bytes',
    source: '[fixture] "Detect compatible field string type change"',
    original: p3('message TestMessage {\n  string test_string = 1;\n  string test_string2 = 2;\n}'),
    update: p3('message TestMessage {\n  string test_string = 1;\n  bytes test_string2 = 2;\n}'),
    errors: [],
    compatible: true,
    reverse: { errors: [], compatible: true },
  },
  {
    id: 'scalar-groups-differ',
    source:
      '[protobuf-guide]/[diff-rules] groups: int32 vs fixed32, float vs double, sint32 vs int32, string vs int32 differ → FIELD_SCALAR_KIND_CHANGED at each number, in number order',
    original: p3('message M {\n  int32 a = 1;\n  float b = 2;\n  sint32 c = 3;\n  string d = 4;\n}'),
    update: p3('message M {\n  fixed32 a = 1;\n  double b = 2;\n  int32 c = 3;\n  int32 d = 4;\n}'),
    errors: ['FIELD_SCALAR_KIND_CHANGED #/M/1', 'FIELD_SCALAR_KIND_CHANGED #/M/2', 'FIELD_SCALAR_KIND_CHANGED #/M/3', 'FIELD_SCALAR_KIND_CHANGED #/M/4'],
    compatible: false,
    reverse: {
      errors: ['FIELD_SCALAR_KIND_CHANGED #/M/1', 'FIELD_SCALAR_KIND_CHANGED #/M/2', 'FIELD_SCALAR_KIND_CHANGED #/M/3', 'FIELD_SCALAR_KIND_CHANGED #/M/4'],
      compatible: false,
    },
  },
  {
    id: 'enum-to-string',
    source: '[diff-rules] an enum field is a scalar of the general-number group: enum ↔ int32 is no change, enum ↔ string is FIELD_SCALAR_KIND_CHANGED',
    original: p3('message M {\n  Color a = 1;\n  Color b = 2;\n}\nenum Color {\n  RED = 0;\n}'),
    update: p3('message M {\n  int32 a = 1;\n  string b = 2;\n}\nenum Color {\n  RED = 0;\n}'),
    errors: ['FIELD_SCALAR_KIND_CHANGED #/M/2'],
    compatible: false,
    reverse: { errors: ['FIELD_SCALAR_KIND_CHANGED #/M/2'], compatible: false },
  },
  {
    id: 'message-named-type-changed',
    source: '[fixture] "Detect incompatible field type change" (TestMessage2 → TestMessage3); reverse [diff-rules] (same hash order of the three names)',
    original: p3('message TestMessage {\n  string test_string = 1;\n  TestMessage2 test_int = 2;\n}\nmessage TestMessage2 {\n  string s1 = 1;\n}'),
    update: p3('message TestMessage {\n  string test_string = 1;\n  TestMessage3 test_int = 2;\n}\nmessage TestMessage3 {\n  string s1 = 1;\n}'),
    errors: ['MESSAGE_REMOVED #/TestMessage2', 'MESSAGE_ADDED #/TestMessage3', 'FIELD_NAMED_TYPE_CHANGED #/TestMessage/2'],
    compatible: false,
    reverse: { errors: ['MESSAGE_ADDED #/TestMessage2', 'MESSAGE_REMOVED #/TestMessage3', 'FIELD_NAMED_TYPE_CHANGED #/TestMessage/2'], compatible: false },
  },
  {
    id: 'message-to-scalar',
    source: '[fixture] "Detect message with same name as enum to field number change" (the reverse of the public case 014)',
    original: p3(
      'message TestMessage {\n  string test_string = 1;\n  .TestMessage.Status test_int = 2;\n  message Status {\n    string test_string = 1;\n  }\n}\nenum Status {\n  ACTIVE = 0;\n  INACTIVE = 1;\n}',
    ),
    update: p3('message TestMessage {\n  string test_string = 1;\n  int32 test_int = 2;\n}'),
    errors: ['FIELD_KIND_CHANGED #/TestMessage/2', 'MESSAGE_REMOVED #/TestMessage/Status', 'ENUM_REMOVED #/Status'],
    compatible: false,
  },
  {
    id: 'label-message-field',
    source: '[fixture] "Detect compatible field label change for message": labels of message fields are not compared',
    original: p3(
      'message TestMessage {\n  string test_string = 1;\n  optional Status test_status = 2;\n  message Status {\n    string test_string = 1;\n  }\n}',
    ),
    update: p3('message TestMessage {\n  string test_string = 1;\n  repeated Status test_status = 2;\n  message Status {\n    string test_string = 1;\n  }\n}'),
    errors: [],
    compatible: true,
    reverse: { errors: [], compatible: true },
  },
  {
    id: 'label-proto3-implicit',
    source: '[diff-rules] a label counts only when both sides write one: proto3 `int32` → `repeated int32` reports nothing',
    original: p3('message M {\n  int32 a = 1;\n  string b = 2;\n}'),
    update: p3('message M {\n  repeated int32 a = 1;\n  repeated string b = 2;\n}'),
    errors: [],
    compatible: true,
    reverse: { errors: [], compatible: true },
  },
  {
    id: 'proto2-labels',
    source:
      '[diff-rules] proto2 labels: optional ↔ required on a number is FIELD_NUMERIC_LABEL_CHANGED, on a string FIELD_STRING_OR_BYTES_LABEL_CHANGED; repeated ↔ optional likewise',
    original: p2('message M {\n  optional int32 a = 1;\n  optional string b = 2;\n  repeated double c = 3;\n  required bytes d = 4;\n}'),
    update: p2('message M {\n  required int32 a = 1;\n  required string b = 2;\n  optional double c = 3;\n  repeated bytes d = 4;\n}'),
    errors: [
      'FIELD_NUMERIC_LABEL_CHANGED #/M/1',
      'FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/2',
      'FIELD_NUMERIC_LABEL_CHANGED #/M/3',
      'FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/4',
    ],
    compatible: false,
    reverse: {
      errors: [
        'FIELD_NUMERIC_LABEL_CHANGED #/M/1',
        'FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/2',
        'FIELD_NUMERIC_LABEL_CHANGED #/M/3',
        'FIELD_STRING_OR_BYTES_LABEL_CHANGED #/M/4',
      ],
      compatible: false,
    },
  },
  {
    id: 'map-key-and-kind',
    source: '[diff-rules] maps compare key then value (no labels); a map becoming a message field is FIELD_KIND_CHANGED',
    original: p3('message M {\n  map<string, int32> a = 1;\n  map<string, int32> b = 2;\n  map<int32, Item> c = 3;\n}\nmessage Item {\n  int32 x = 1;\n}'),
    update: p3('message M {\n  map<int64, int32> a = 1;\n  Item b = 2;\n  map<uint32, Item> c = 3;\n}\nmessage Item {\n  int32 x = 1;\n}'),
    errors: ['FIELD_SCALAR_KIND_CHANGED #/M/1', 'FIELD_KIND_CHANGED #/M/2'],
    compatible: false,
    reverse: { errors: ['FIELD_SCALAR_KIND_CHANGED #/M/1', 'FIELD_KIND_CHANGED #/M/2'], compatible: false },
  },
  {
    id: 'map-value-message-renamed',
    source:
      '[diff-rules] a map value of another message type is FIELD_NAMED_TYPE_CHANGED at the map field; Java hash order walks Item (bucket 1), Item2 (bucket 5), then M (bucket 13)',
    original: p3('message M {\n  map<string, Item> a = 1;\n}\nmessage Item {\n  int32 x = 1;\n}'),
    update: p3('message M {\n  map<string, Item2> a = 1;\n}\nmessage Item2 {\n  int32 x = 1;\n}'),
    errors: ['MESSAGE_REMOVED #/Item', 'MESSAGE_ADDED #/Item2', 'FIELD_NAMED_TYPE_CHANGED #/M/1'],
    compatible: false,
  },
  {
    id: 'oneof-dissolved',
    source:
      '[diff-rules] the reverse of the public case 017: a surviving member leaves the oneof (compatible), a dropped member of a surviving-in-part oneof is ONEOF_FIELD_REMOVED',
    original: p3('message TestMessage {\n  string test_string = 1;\n  oneof new_oneof {\n    string test_string2 = 2;\n    int32 other_id = 3;\n  }\n}'),
    update: p3('message TestMessage {\n  string test_string = 1;\n  string test_string2 = 2;\n}'),
    errors: ['ONEOF_REMOVED #/TestMessage/new_oneof', 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/TestMessage/2', 'ONEOF_FIELD_REMOVED #/TestMessage/new_oneof/3'],
    compatible: false,
  },
  {
    id: 'oneof-deleted-whole',
    source: '[diff-rules] a oneof none of whose members survives was deleted whole: only ONEOF_REMOVED (compatible); reverse adds it with its members',
    original: p3('message M {\n  int32 a = 1;\n  oneof o {\n    int32 b = 2;\n    string c = 3;\n  }\n}'),
    update: p3('message M {\n  int32 a = 1;\n}'),
    errors: ['ONEOF_REMOVED #/M/o'],
    compatible: true,
    reverse: { errors: ['ONEOF_ADDED #/M/o', 'ONEOF_FIELD_ADDED #/M/o/2', 'ONEOF_FIELD_ADDED #/M/o/3'], compatible: true },
  },
  {
    id: 'multiple-fields-moved-to-oneof',
    source: '[fixture] "Detect incompatible field to oneof change" (the current rules also report the new member: ONEOF_FIELD_ADDED)',
    original: p3('message TestMessage {\n  string test_string = 1;\n  string test_string2 = 2;\n}'),
    update: p3('message TestMessage {\n  oneof new_oneof {\n    string test_string = 1;\n    string test_string2 = 2;\n    int32 other_id = 3;\n  }\n}'),
    errors: ['MULTIPLE_FIELDS_MOVED_TO_ONEOF #/TestMessage/new_oneof', 'ONEOF_ADDED #/TestMessage/new_oneof', 'ONEOF_FIELD_ADDED #/TestMessage/new_oneof/3'],
    compatible: false,
    reverse: {
      errors: [
        'ONEOF_REMOVED #/TestMessage/new_oneof',
        'ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/TestMessage/1',
        'ONEOF_FIELD_MOVED_TO_TOP_LEVEL #/TestMessage/2',
        'ONEOF_FIELD_REMOVED #/TestMessage/new_oneof/3',
      ],
      compatible: false,
    },
  },
  {
    id: 'oneofs-merged',
    source: '[diff-rules] members of two original oneofs now in one: FIELD_MOVED_TO_EXISTING_ONEOF (no top-level field moved in); the emptied oneof is removed',
    original: p3('message M {\n  oneof a {\n    int32 x = 1;\n  }\n  oneof b {\n    int32 y = 2;\n  }\n}'),
    update: p3('message M {\n  oneof a {\n    int32 x = 1;\n    int32 y = 2;\n  }\n}'),
    errors: ['FIELD_MOVED_TO_EXISTING_ONEOF #/M/a', 'ONEOF_REMOVED #/M/b'],
    compatible: false,
    reverse: { errors: ['ONEOF_ADDED #/M/b'], compatible: true },
  },
  {
    id: 'oneof-renamed',
    source: '[diff-rules] the same members under a new oneof name: removed + added, nothing newly exclusive (compatible)',
    original: p3('message M {\n  oneof a {\n    int32 x = 1;\n    string y = 2;\n  }\n}'),
    update: p3('message M {\n  oneof b {\n    int32 x = 1;\n    string y = 2;\n  }\n}'),
    errors: ['ONEOF_REMOVED #/M/a', 'ONEOF_ADDED #/M/b'],
    compatible: true,
    reverse: { errors: ['ONEOF_ADDED #/M/a', 'ONEOF_REMOVED #/M/b'], compatible: true },
  },
  {
    id: 'enum-values',
    source: '[diff-rules] enum values by number: added, renamed, removed (all compatible); numbers walked in Java hash order',
    original: p3('message M {\n  Status s = 1;\n}\nenum Status {\n  UNKNOWN = 0;\n  ACTIVE = 1;\n  GONE = 3;\n}'),
    update: p3('message M {\n  Status s = 1;\n}\nenum Status {\n  UNKNOWN = 0;\n  ENABLED = 1;\n  NEW = 2;\n}'),
    errors: ['ENUM_CONST_CHANGED #/Status/1', 'ENUM_CONST_ADDED #/Status/2', 'ENUM_CONST_REMOVED #/Status/3'],
    compatible: true,
    reverse: { errors: ['ENUM_CONST_CHANGED #/Status/1', 'ENUM_CONST_REMOVED #/Status/2', 'ENUM_CONST_ADDED #/Status/3'], compatible: true },
  },
  {
    id: 'enum-hash-order',
    source: '[diff-rules] enum numbers are walked in Java HashSet order: 17 and 1 share bucket 1 of a 16-slot table, 17 inserted first (from the original)',
    original: p3('enum E {\n  ZERO = 0;\n  SEVENTEEN = 17;\n}'),
    update: p3('enum E {\n  ZERO = 0;\n  ONE = 1;\n}'),
    errors: ['ENUM_CONST_REMOVED #/E/17', 'ENUM_CONST_ADDED #/E/1'],
    compatible: true,
    reverse: { errors: ['ENUM_CONST_REMOVED #/E/1', 'ENUM_CONST_ADDED #/E/17'], compatible: true },
  },
  {
    id: 'nested-enum-and-message',
    source: '[diff-rules] nested types are compared after the fields, with the enclosing names in the path',
    original: p3('message Order {\n  int32 id = 1;\n  message Line {\n    string sku = 1;\n  }\n  enum Kind {\n    NONE = 0;\n  }\n}'),
    update: p3(
      'message Order {\n  int32 id = 1;\n  message Line {\n    string sku = 1;\n    int32 qty = 2;\n  }\n  enum Kind {\n    NONE = 0;\n    RUSH = 1;\n  }\n}',
    ),
    errors: ['FIELD_ADDED #/Order/Line/2', 'ENUM_CONST_ADDED #/Order/Kind/1'],
    compatible: true,
    reverse: { errors: ['FIELD_REMOVED #/Order/Line/2', 'ENUM_CONST_REMOVED #/Order/Kind/1'], compatible: true },
  },
  {
    id: 'import-nested-same',
    source: '[fixture] "Detect import change with different remote package nested name": imported types are compared by local name',
    original: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.outer.GoogleHome test_string = 1;\n}'),
    update: p3('import "google2.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain2.outer.GoogleHome test_string = 1;\n}'),
    originalDependencies: { 'google.proto': OUTER('io.confluent.cloud.demo.domain', 'int32') },
    updateDependencies: { 'google2.proto': OUTER('io.confluent.cloud.demo.domain2', 'int32') },
    errors: [],
    compatible: true,
    reverse: { errors: [], compatible: true },
  },
  {
    id: 'import-nested-changed',
    source: '[fixture] "Detect incompatible import change with different remote package nested name" (and "with same subject, different version")',
    original: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.outer.GoogleHome test_string = 1;\n}'),
    update: p3('import "google2.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain2.outer.GoogleHome test_string = 1;\n}'),
    originalDependencies: { 'google.proto': OUTER('io.confluent.cloud.demo.domain', 'int32') },
    updateDependencies: { 'google2.proto': OUTER('io.confluent.cloud.demo.domain2', 'string') },
    errors: ['FIELD_SCALAR_KIND_CHANGED #/outer/GoogleHome/1', 'FIELD_NAMED_TYPE_CHANGED #/TestMessage/1'],
    compatible: false,
    reverse: { errors: ['FIELD_SCALAR_KIND_CHANGED #/outer/GoogleHome/1', 'FIELD_NAMED_TYPE_CHANGED #/TestMessage/1'], compatible: false },
  },
  {
    id: 'import-compatible-change',
    source: '[diff-rules] compatible differences inside an imported type are reported, without FIELD_NAMED_TYPE_CHANGED',
    original: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.GoogleHome home = 1;\n}'),
    update: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.GoogleHome home = 1;\n}'),
    originalDependencies: { 'google.proto': GOOGLE },
    updateDependencies: { 'google.proto': `${GOOGLE.slice(0, -2)}\n  string room = 3;\n}` },
    errors: ['FIELD_ADDED #/GoogleHome/3'],
    compatible: true,
    reverse: { errors: ['FIELD_REMOVED #/GoogleHome/3'], compatible: true },
  },
  {
    id: 'import-unchanged-dependency',
    source: '[diff-rules] the same dependency on both sides (same subject and version in the registry) is not compared again',
    original: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.GoogleHome home = 1;\n}'),
    update: p3('import "google.proto";\nmessage TestMessage {\n  .io.confluent.cloud.demo.domain.GoogleHome home = 1;\n  int32 n = 2;\n}'),
    originalDependencies: { 'google.proto': GOOGLE_CHANGED },
    updateDependencies: { 'google.proto': GOOGLE_CHANGED },
    errors: ['FIELD_ADDED #/TestMessage/2'],
    compatible: true,
    reverse: { errors: ['FIELD_REMOVED #/TestMessage/2'], compatible: true },
  },
  {
    id: 'recursive-imported-type',
    source: '[diff-rules] a recursive imported type is compared once (a message already being compared is skipped), its change reported in its own path',
    original: p3('import "tree.proto";\nmessage M {\n  .t.Tree root = 1;\n}'),
    update: p3('import "tree.proto";\nmessage M {\n  .t.Tree root = 1;\n}'),
    originalDependencies: { 'tree.proto': p3('package t;\nmessage Tree {\n  repeated Tree children = 1;\n  int32 v = 2;\n}') },
    updateDependencies: { 'tree.proto': p3('package t;\nmessage Tree {\n  repeated Tree children = 1;\n  string v = 2;\n}') },
    errors: ['FIELD_SCALAR_KIND_CHANGED #/Tree/2', 'FIELD_NAMED_TYPE_CHANGED #/M/1'],
    compatible: false,
  },
  {
    id: 'recursive-local-type',
    source: '[diff-rules] local types are compared where they are declared, not again at each use',
    original: p3('message Node {\n  Node next = 1;\n  int32 value = 2;\n}'),
    update: p3('message Node {\n  Node next = 1;\n  int32 value = 2;\n  string label = 3;\n}'),
    errors: ['FIELD_ADDED #/Node/3'],
    compatible: true,
    reverse: { errors: ['FIELD_REMOVED #/Node/3'], compatible: true },
  },
  {
    id: 'well-known-import',
    source:
      '[diff-rules] bundled well-known types need no dependency; the same Timestamp on both sides gives nothing, a Timestamp becoming a Duration is FIELD_NAMED_TYPE_CHANGED',
    original: p3(
      'import "google/protobuf/timestamp.proto";\nimport "google/protobuf/duration.proto";\nmessage M {\n  google.protobuf.Timestamp at = 1;\n  google.protobuf.Timestamp took = 2;\n}',
    ),
    update: p3(
      'import "google/protobuf/timestamp.proto";\nimport "google/protobuf/duration.proto";\nmessage M {\n  google.protobuf.Timestamp at = 1;\n  google.protobuf.Duration took = 2;\n}',
    ),
    errors: ['FIELD_NAMED_TYPE_CHANGED #/M/2'],
    compatible: false,
    reverse: { errors: ['FIELD_NAMED_TYPE_CHANGED #/M/2'], compatible: false },
  },
  {
    id: 'package-changed-nested',
    source: '[diff-rules] PACKAGE_CHANGED is reported at #/ before anything else, in both directions',
    original: p3('package a.v1;\nmessage M {\n  int32 x = 1;\n}'),
    update: p3('package a.v2;\nmessage M {\n  int32 x = 1;\n  int32 y = 2;\n}'),
    errors: ['PACKAGE_CHANGED #/', 'FIELD_ADDED #/M/2'],
    compatible: false,
    reverse: { errors: ['PACKAGE_CHANGED #/', 'FIELD_REMOVED #/M/2'], compatible: false },
  },
]
