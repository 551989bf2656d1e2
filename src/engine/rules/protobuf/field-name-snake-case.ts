import { fileMessages, messageFields } from '../../formats/protobuf/elements.js'
import type { ProtoFileElement } from '../../formats/protobuf/model.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

const LOWER_SNAKE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/

/** `PROTO_FIELD_NAME_SNAKE_CASE`: field names are lower_snake_case. */
export const protoFieldNameSnakeCaseRule: FormatLintRule<ProtoFileElement> = {
  id: 'PROTO_FIELD_NAME_SNAKE_CASE',
  kind: 'lint',
  schemaType: 'PROTOBUF',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Field names of .proto messages are lower_snake_case.',
  docs: "Protobuf's code generators and its JSON mapping derive every language's names from lower_snake_case (order_id becomes orderId in JSON and Java, order_id in Python); other spellings give inconsistent or clashing names. The registry matches fields by number, so renaming is compatible on the wire (FIELD_NAME_CHANGED), but it breaks JSON readers and generated code: choose the name before the first registration.",
  check(file) {
    const problems: FormatLintProblem[] = []
    for (const { name, element } of fileMessages(file)) {
      for (const field of messageFields(element)) {
        if (!LOWER_SNAKE.test(field.name))
          problems.push({ message: `field '${field.name}' of ${name} is not lower_snake_case`, pointer: `${name}.${field.name}`, ...field.location })
      }
    }
    // Extension fields are fields too: their names reach generated code and JSON the same way.
    const extensions = [...file.extendDeclarations, ...fileMessages(file).flatMap((m) => m.element.extendDeclarations)]
    for (const extend of extensions) {
      for (const field of extend.fields) {
        if (!LOWER_SNAKE.test(field.name))
          problems.push({
            message: `extension field '${field.name}' of ${extend.name} is not lower_snake_case`,
            pointer: `${extend.name}.${field.name}`,
            ...field.location,
          })
      }
    }
    return problems
  },
}
