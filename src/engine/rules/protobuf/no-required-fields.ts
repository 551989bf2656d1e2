import { fileMessages } from '../../formats/protobuf/elements.js'
import type { FieldLabel, ProtoFileElement, ProtoLocation } from '../../formats/protobuf/model.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** `PROTO_NO_REQUIRED_FIELDS`: a proto2 file declares no `required` field. */
export const protoNoRequiredFieldsRule: FormatLintRule<ProtoFileElement> = {
  id: 'PROTO_NO_REQUIRED_FIELDS',
  kind: 'lint',
  schemaType: 'PROTOBUF',
  category: 'STANDARD',
  severity: 'error',
  purpose: 'A proto2 file declares no required field (or group).',
  docs: "A required field can never be removed or made optional again: readers on a version that requires it reject every message without it (the registry reports REQUIRED_FIELD_REMOVED and REQUIRED_FIELD_ADDED as incompatible). Protobuf's own guide calls required harmful and proto3 dropped it. Declare the field optional and check presence in the application.",
  check(file) {
    // A file without a syntax statement is proto2; proto3 and editions have no required label.
    if (file.syntax !== null && !(file.syntax.kind === 'syntax' && file.syntax.value === 'proto2')) return []
    const problems: FormatLintProblem[] = []
    const check = (what: string, label: FieldLabel, pointer: string, location?: ProtoLocation) => {
      if (label === 'required') problems.push({ message: `${what} is required`, pointer, ...location })
    }
    for (const { name, element } of fileMessages(file)) {
      for (const f of element.fields) check(`field '${f.name}' of ${name}`, f.label, `${name}.${f.name}`, f.location)
      for (const g of element.groups) {
        check(`group ${g.name} of ${name}`, g.label, `${name}.${g.name}`, g.location)
        for (const f of g.fields) check(`field '${f.name}' of group ${name}.${g.name}`, f.label, `${name}.${g.name}.${f.name}`, f.location)
      }
    }
    for (const extend of file.extendDeclarations)
      for (const f of extend.fields) check(`extension field '${f.name}' of ${extend.name}`, f.label, `${extend.name}.${f.name}`, f.location)
    return problems
  },
}
