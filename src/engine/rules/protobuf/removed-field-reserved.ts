import { fileMessages, messageNumbers } from '../../formats/protobuf/elements.js'
import type { MessageElement, ProtoFileElement } from '../../formats/protobuf/model.js'
import type { FormatLintProblem, FormatLintRule } from '../types.js'

/** Whether `number` is in one of the message's `reserved` numbers or ranges. */
function isReserved(message: MessageElement, number: number): boolean {
  return message.reserveds.some((r) =>
    r.values.some((v) => (typeof v === 'number' ? v === number : typeof v === 'object' && v.start <= number && number <= v.end)),
  )
}

/** `PROTO_REMOVED_FIELD_RESERVED`: a field removed since the previous version has its number reserved. */
export const protoRemovedFieldReservedRule: FormatLintRule<ProtoFileElement> = {
  id: 'PROTO_REMOVED_FIELD_RESERVED',
  kind: 'lint',
  schemaType: 'PROTOBUF',
  category: 'MINIMAL',
  severity: 'error',
  comparesVersions: true,
  purpose: 'A field removed since the previous version has its number reserved in the message.',
  docs: 'Data written with the old version still carries the removed field\'s number. If a later version reuses that number for another field, old data is read as the new field: wrong values, or a parse failure when the wire types differ, and the registry does not object when the types are wire-compatible. Write reserved 3; (and reserved "old_name"; to keep the name free for JSON) in the message when removing the field. The rule compares the newest version with the one before it; messages removed entirely are not checked.',
  check(file, context) {
    if (context.previous === undefined) return []
    const current = new Map(fileMessages(file).map((m) => [m.name, m.element]))
    const problems: FormatLintProblem[] = []
    for (const { name, element: before } of fileMessages(context.previous)) {
      const after = current.get(name)
      if (after === undefined) continue
      const kept = messageNumbers(after)
      for (const [number, fieldName] of messageNumbers(before)) {
        if (kept.has(number) || isReserved(after, number)) continue
        problems.push({
          message: `field '${fieldName}' = ${number} was removed from ${name} without reserving its number (add: reserved ${number};)`,
          pointer: `${name}.${number}`,
          ...after.location,
        })
      }
    }
    return problems
  },
}
