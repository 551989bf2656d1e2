/**
 * The declarations of one parsed `.proto` file, flattened with their names relative to the
 * package (`Order`, `Order.Line`), for rules that judge how a file is written. Pure.
 */
import type { EnumElement, FieldElement, MessageElement, ProtoFileElement } from './model.js'

/** A message or enum with its name relative to the package. */
export interface NamedElement<E> {
  name: string
  element: E
}

/** Every message of the file, nested ones included, in declaration order (parents first). */
export function fileMessages(file: ProtoFileElement): NamedElement<MessageElement>[] {
  const found: NamedElement<MessageElement>[] = []
  const visit = (types: MessageElement['nestedTypes'], prefix: string) => {
    for (const type of types) {
      if (type.kind !== 'message') continue
      const name = prefix + type.name
      found.push({ name, element: type })
      visit(type.nestedTypes, `${name}.`)
    }
  }
  visit(file.types, '')
  return found
}

/** Every enum of the file, nested ones included, in declaration order. */
export function fileEnums(file: ProtoFileElement): NamedElement<EnumElement>[] {
  const top = file.types.filter((t): t is EnumElement => t.kind === 'enum').map((element) => ({ name: element.name, element }))
  const nested = fileMessages(file).flatMap(({ name, element }) =>
    element.nestedTypes.filter((t): t is EnumElement => t.kind === 'enum').map((e) => ({ name: `${name}.${e.name}`, element: e })),
  )
  return [...top, ...nested]
}

/** A message's fields wherever they are declared: its own, its oneofs' and its groups'. */
export function messageFields(message: MessageElement): FieldElement[] {
  return [...message.fields, ...message.oneOfs.flatMap((o) => [...o.fields, ...o.groups.flatMap((g) => g.fields)]), ...message.groups.flatMap((g) => g.fields)]
}

/** Every field number a message uses, its groups' numbers included (a group is a field on the wire). */
export function messageNumbers(message: MessageElement): Map<number, string> {
  const numbers = new Map<number, string>()
  for (const f of [...message.fields, ...message.oneOfs.flatMap((o) => o.fields)]) numbers.set(f.tag, f.name)
  for (const g of [...message.groups, ...message.oneOfs.flatMap((o) => o.groups)]) numbers.set(g.tag, g.name.toLowerCase())
  return numbers
}
