import { fileEnums } from '../../formats/protobuf/elements.js'
import type { ProtoFileElement } from '../../formats/protobuf/model.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** `PROTO_ENUM_ZERO_UNSPECIFIED`: every enum's zero value is named `*_UNSPECIFIED`. */
export const protoEnumZeroUnspecifiedRule: FormatLintRule<ProtoFileElement> = {
  id: 'PROTO_ENUM_ZERO_UNSPECIFIED',
  kind: 'lint',
  schemaType: 'PROTOBUF',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'Every enum has a zero value named with the _UNSPECIFIED suffix (STATUS_UNSPECIFIED = 0).',
  docs: 'Zero is what a reader sees when the field is unset or holds a value it does not know (proto3 open enums), so it must mean "not set" rather than a real state: otherwise an unset status reads as, say, ACTIVE. Name it after the enum with the suffix _UNSPECIFIED, as the Protobuf style guide asks, and give real values the numbers from 1.',
  check(file) {
    const problems: FormatLintProblem[] = []
    for (const { name, element } of fileEnums(file)) {
      const zero = element.constants.find((c) => c.tag === 0)
      const suggested = `${name
        .split('.')
        .pop()!
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .toUpperCase()}_UNSPECIFIED`
      if (zero === undefined) problems.push({ message: `enum ${name} has no zero value (add ${suggested} = 0)`, pointer: name, ...element.location })
      else if (!zero.name.endsWith('_UNSPECIFIED'))
        problems.push({
          message: `zero value ${zero.name} of enum ${name} is not named *_UNSPECIFIED (e.g. ${suggested})`,
          pointer: `${name}.${zero.name}`,
          ...zero.location,
        })
    }
    return problems
  },
}
