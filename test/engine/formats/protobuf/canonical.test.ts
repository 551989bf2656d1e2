import { describe, expect, it } from 'vitest'
import { normalizeProtobuf, parseProtobuf, protobufCanonical, type ParsedProtobuf } from '../../../../src/engine/formats/protobuf/index.js'

function parse(text: string, dependencies?: Record<string, string>): ParsedProtobuf {
  const result = parseProtobuf(text, dependencies)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.value
}

function normalized(parsed: ParsedProtobuf): string {
  const result = normalizeProtobuf(parsed)
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.text
}

// Schema, canonical and normalised texts of Confluent's protobuf-provider test ProtobufSchemaTest
// (testNormalizationWithExtensions, testNormalizationWithExtensions2): the registry's own expected output.
const EXTENSIONS_SCHEMA = `package my.package;

message ExtendedDummy {
    // just to namespace the extensions
    extend Extended {
        optional string extension_normal2 = 101;
        optional string extension_normal = 100;
    }

    message Nested {
        // but these are to test insane but legit definitions
        extend package.Extended {
            optional string extension_identifier2 = 103;
            optional string extension_identifier = 102;
        }
        message Oh {
            extend my.package.Extended {
                optional string extension_vault_replace2 = 105;
                optional string extension_vault_replace = 104;
            }
            message My {
                extend .my.package.Extended {
                    optional string extension_fidelius_token2 = 107;
                    optional string extension_fidelius_token = 106;
                }
                message God {
                    extend Extended.NestedExtended {
                        optional string extension_nested_entity2 = 109;
                        optional string extension_nested_entity = 108;
                    }
                    extend my.package.Extended.NestedExtended {
                        optional string extension_nested_again2 = 111;
                        optional string extension_nested_again = 110;
                    }
                }
            }
        }
    }
}

message Extended {
    optional string vaulted_data = 1;
    optional string field_normal = 2;
    extensions 100 to 199;

    message NestedExtended {
        optional string vaulted_data = 1;
        optional string field_normal = 2;
        optional string field_vault_replace = 3;
        extensions 100 to 199;
        extend NestedExtended {
            optional string extension_nested_trouble2 = 113;
            optional string extension_nested_trouble = 112;
        }
    }
}
`

const EXTENSIONS_CANONICAL = `package my.package;

message ExtendedDummy {
  extend Extended {
    optional string extension_normal2 = 101;
    optional string extension_normal = 100;
  }

  message Nested {
    extend package.Extended {
      optional string extension_identifier2 = 103;
      optional string extension_identifier = 102;
    }
  
    message Oh {
      extend my.package.Extended {
        optional string extension_vault_replace2 = 105;
        optional string extension_vault_replace = 104;
      }
    
      message My {
        extend .my.package.Extended {
          optional string extension_fidelius_token2 = 107;
          optional string extension_fidelius_token = 106;
        }
      
        message God {
          extend Extended.NestedExtended {
            optional string extension_nested_entity2 = 109;
            optional string extension_nested_entity = 108;
          }
          extend my.package.Extended.NestedExtended {
            optional string extension_nested_again2 = 111;
            optional string extension_nested_again = 110;
          }
        }
      }
    }
  }
}
message Extended {
  optional string vaulted_data = 1;
  optional string field_normal = 2;

  extensions 100 to 199;

  message NestedExtended {
    optional string vaulted_data = 1;
    optional string field_normal = 2;
    optional string field_vault_replace = 3;
  
    extensions 100 to 199;
  
    extend NestedExtended {
      optional string extension_nested_trouble2 = 113;
      optional string extension_nested_trouble = 112;
    }
  }
}
`

const EXTENSIONS_NORMALIZED = `package my.package;

message ExtendedDummy {
  extend .my.package.Extended {
    optional string extension_normal = 100;
    optional string extension_normal2 = 101;
  }

  message Nested {
    extend .my.package.Extended {
      optional string extension_identifier = 102;
      optional string extension_identifier2 = 103;
    }
  
    message Oh {
      extend .my.package.Extended {
        optional string extension_vault_replace = 104;
        optional string extension_vault_replace2 = 105;
      }
    
      message My {
        extend .my.package.Extended {
          optional string extension_fidelius_token = 106;
          optional string extension_fidelius_token2 = 107;
        }
      
        message God {
          extend .my.package.Extended.NestedExtended {
            optional string extension_nested_entity = 108;
            optional string extension_nested_entity2 = 109;
            optional string extension_nested_again = 110;
            optional string extension_nested_again2 = 111;
          }
        }
      }
    }
  }
}
message Extended {
  optional string vaulted_data = 1;
  optional string field_normal = 2;

  extensions 100 to 199;

  message NestedExtended {
    optional string vaulted_data = 1;
    optional string field_normal = 2;
    optional string field_vault_replace = 3;
  
    extensions 100 to 199;
  
    extend .my.package.Extended.NestedExtended {
      optional string extension_nested_trouble = 112;
      optional string extension_nested_trouble2 = 113;
    }
  }
}
`

const OPTIONS_SCHEMA = `syntax = "proto2";
package io.confluent.kafka.serializers.protobuf.test;

import "google/protobuf/descriptor.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";

message FooBar {
  extensions 100 to 200;

  optional int32 foo = 1;
  optional string bar = 2;
  repeated FooBar nested = 3;

  message More {
    repeated int32 serial = 1;

    extend FooBar {
      optional string more_string = 150;
    }

    option (my_message_option) = {[FooBar.More2.more2_string]: "foobar", [rep]: []};
  }

  extend google.protobuf.EnumOptions {
    optional string foobar_string = 71001;
  }

  enum FooBarBazEnum {
    option (FooBar.foobar_string) = "foobar";

    FOO = 1;
    BAR = 2;
    BAZ = 3;
  }
}

extend google.protobuf.MessageOptions {
  optional FooBar my_message_option = 50001;
}

extend FooBar {
  optional FooBar.FooBarBazEnum ext = 101;
  repeated FooBar.FooBarBazEnum rep = 102;
}`

const OPTIONS_CANONICAL = `syntax = "proto2";
package io.confluent.kafka.serializers.protobuf.test;

import "google/protobuf/descriptor.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";

message FooBar {
  optional int32 foo = 1;
  optional string bar = 2;
  repeated FooBar nested = 3;

  extensions 100 to 200;

  extend google.protobuf.EnumOptions {
    optional string foobar_string = 71001;
  }

  message More {
    option (my_message_option) = {
      [FooBar.More2.more2_string]: "foobar",
      [rep]: [
      ]
    };
  
    repeated int32 serial = 1;
  
    extend FooBar {
      optional string more_string = 150;
    }
  }
  enum FooBarBazEnum {
    option (FooBar.foobar_string) = "foobar";
    FOO = 1;
    BAR = 2;
    BAZ = 3;
  }
}

extend google.protobuf.MessageOptions {
  optional FooBar my_message_option = 50001;
}
extend FooBar {
  optional FooBar.FooBarBazEnum ext = 101;
  repeated FooBar.FooBarBazEnum rep = 102;
}
`

const OPTIONS_NORMALIZED = `package io.confluent.kafka.serializers.protobuf.test;

import "google/protobuf/descriptor.proto";

option java_package = "io.confluent.kafka.serializers.protobuf.test";

message FooBar {
  optional int32 foo = 1;
  optional string bar = 2;
  repeated .io.confluent.kafka.serializers.protobuf.test.FooBar nested = 3;

  extensions 100 to 200;

  extend .google.protobuf.EnumOptions {
    optional string foobar_string = 71001;
  }

  message More {
    option (io.confluent.kafka.serializers.protobuf.test.my_message_option) = {
      [FooBar.More2.more2_string]: "foobar"
    };
  
    repeated int32 serial = 1;
  
    extend .io.confluent.kafka.serializers.protobuf.test.FooBar {
      optional string more_string = 150;
    }
  }
  enum FooBarBazEnum {
    option (io.confluent.kafka.serializers.protobuf.test.FooBar.foobar_string) = "foobar";
    FOO = 1;
    BAR = 2;
    BAZ = 3;
  }
}

extend .google.protobuf.MessageOptions {
  optional .io.confluent.kafka.serializers.protobuf.test.FooBar my_message_option = 50001;
}
extend .io.confluent.kafka.serializers.protobuf.test.FooBar {
  optional .io.confluent.kafka.serializers.protobuf.test.FooBar.FooBarBazEnum ext = 101;
  repeated .io.confluent.kafka.serializers.protobuf.test.FooBar.FooBarBazEnum rep = 102;
}
`

describe("the registry's canonical and normalised Protobuf text (Confluent's ProtobufSchemaTest)", () => {
  it('extensions declared in nested messages', () => {
    const parsed = parse(EXTENSIONS_SCHEMA)
    expect(protobufCanonical(parsed)).toBe(EXTENSIONS_CANONICAL)
    expect(normalized(parsed)).toBe(EXTENSIONS_NORMALIZED)
    expect(normalized(parse(EXTENSIONS_CANONICAL))).toBe(EXTENSIONS_NORMALIZED)
  })

  it('custom options, aggregates and extensions of descriptor.proto types', () => {
    const parsed = parse(OPTIONS_SCHEMA)
    expect(protobufCanonical(parsed)).toBe(OPTIONS_CANONICAL)
    expect(normalized(parsed)).toBe(OPTIONS_NORMALIZED)
  })
})

describe('canonical text: what the registry keeps and drops', () => {
  it('drops comments and spacing, prints messages before enums, options before fields, then oneofs and nested types', () => {
    const text = `// a comment
syntax = "proto3";   package acme;
enum Status { UNKNOWN = 0; }
message Order {
  oneof pay { string card = 5; }
  string id = 1 [json_name = "ID", deprecated = true]; /* trailing */
  option deprecated = true;
  reserved 8;
  message Line { int32 qty = 1; }
}
service S { rpc Get (Order) returns (Order) { option deprecated = true; } }
`
    expect(protobufCanonical(parse(text))).toBe(`syntax = "proto3";
package acme;

message Order {
  reserved 8;

  option deprecated = true;

  string id = 1 [
    deprecated = true,
    json_name = "ID"
  ];

  oneof pay {
    string card = 5;
  }

  message Line {
    int32 qty = 1;
  }
}
enum Status {
  UNKNOWN = 0;
}

service S {
  rpc Get (Order) returns (Order) {
    option deprecated = true;
  };
}
`)
  })

  it('proto2 defaults print by kind (strings quoted, numbers and enums bare) after the other options', () => {
    const text =
      'syntax = "proto2";\nmessage A {\n  optional string s = 1 [default = "a\\"b"];\n  optional int32 n = 2 [default = -5, deprecated = true];\n  optional E e = 3 [default = Y];\n  enum E {\n    Y = 1;\n  }\n}\n'
    expect(protobufCanonical(parse(text))).toBe(
      'syntax = "proto2";\n\nmessage A {\n  optional string s = 1 [default = "a\\"b"];\n  optional int32 n = 2 [\n    deprecated = true,\n    default = -5\n  ];\n  optional E e = 3 [default = Y];\n\n  enum E {\n    Y = 1;\n  }\n}\n',
    )
  })

  it('normalising sorts fields by number, qualifies names, sorts imports and enum values, keeps message order', () => {
    const deps = {
      'b.proto': 'syntax = "proto3";\npackage b;\nmessage B {\n  int32 x = 1;\n}',
      'a.proto': 'syntax = "proto3";\npackage a;\nmessage A {\n  int32 x = 1;\n}',
    }
    const text =
      'syntax = "proto3";\npackage p;\nimport "b.proto";\nimport "a.proto";\nmessage Z {\n  b.B second = 2;\n  a.A first = 1;\n  map<string, Z> m = 3;\n}\nmessage Y {\n  E e = 1;\n}\nenum E {\n  option allow_alias = true;\n  A = 0;\n  C = 1;\n  B = 1;\n}\n'
    expect(normalized(parse(text, deps))).toBe(
      'syntax = "proto3";\npackage p;\n\nimport "a.proto";\nimport "b.proto";\n\nmessage Z {\n  .a.A first = 1;\n  .b.B second = 2;\n  map<string, .p.Z> m = 3;\n}\nmessage Y {\n  .p.E e = 1;\n}\nenum E {\n  option allow_alias = true;\n  A = 0;\n  B = 1;\n  C = 1;\n}\n',
    )
  })

  it('the same schema written differently has one canonical text', () => {
    const a = parse('syntax = "proto3";\nmessage A { int32 a = 1; string b = 2; }')
    const b = parse('syntax="proto3";\n\n\n// comment\nmessage A {\n    int32 a = 1;\n    string b = 2;\n}\n')
    expect(protobufCanonical(a)).toBe(protobufCanonical(b))
    expect(protobufCanonical(parse(protobufCanonical(a)))).toBe(protobufCanonical(a))
  })
})
