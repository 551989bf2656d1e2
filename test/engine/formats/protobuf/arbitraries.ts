/**
 * Random proto3/proto2 schemas for property tests: a model (messages with scalar, enum, message and
 * map fields, oneofs, nested messages and enums) rendered to `.proto` text, and evolutions of it.
 */
import fc from 'fast-check'

export interface FieldModel {
  label: '' | 'repeated ' | 'optional ' | 'required '
  type: string
  name: string
  tag: number
}

export interface MessageModel {
  name: string
  fields: FieldModel[]
  oneofs: Array<{ name: string; fields: FieldModel[] }>
  nested: MessageModel[]
  enums: Array<{ name: string; values: string[] }>
}

export interface SchemaModel {
  syntax: 'proto2' | 'proto3'
  packageName: string | null
  messages: MessageModel[]
  enums: Array<{ name: string; values: string[] }>
}

const SCALARS = ['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool', 'string', 'bytes', 'float', 'double', 'fixed32', 'sfixed64']

function render(model: SchemaModel): string {
  const lines: string[] = [`syntax = "${model.syntax}";`]
  if (model.packageName) lines.push(`package ${model.packageName};`)
  const field = (f: FieldModel, indent: string, inOneof: boolean) => {
    const label = inOneof || f.type.startsWith('map<') ? '' : model.syntax === 'proto2' && f.label === '' ? 'optional ' : f.label
    return `${indent}${label}${f.type} ${f.name} = ${f.tag};`
  }
  const enumText = (e: { name: string; values: string[] }, indent: string) => [
    `${indent}enum ${e.name} {`,
    ...e.values.map((v, i) => `${indent}  ${v} = ${i};`),
    `${indent}}`,
  ]
  const message = (m: MessageModel, indent: string): string[] => [
    `${indent}message ${m.name} {`,
    ...m.fields.map((f) => field(f, `${indent}  `, false)),
    ...m.oneofs.flatMap((o) => [`${indent}  oneof ${o.name} {`, ...o.fields.map((f) => field(f, `${indent}    `, true)), `${indent}  }`]),
    ...m.nested.flatMap((n) => message(n, `${indent}  `)),
    ...m.enums.flatMap((e) => enumText(e, `${indent}  `)),
    `${indent}}`,
  ]
  for (const m of model.messages) lines.push(...message(m, ''))
  for (const e of model.enums) lines.push(...enumText(e, ''))
  return `${lines.join('\n')}\n`
}

export function renderSchema(model: SchemaModel): string {
  return render(model)
}

const enumArb = (prefix: string) =>
  fc.integer({ min: 1, max: 5 }).map((n) => ({ name: `${prefix}`, values: Array.from({ length: n }, (_, i) => `${prefix.toUpperCase()}_V${i}`) }))

/** A schema with 1–3 top-level messages of `minFields`–`maxFields` fields each. */
export function schemaModelArb(minFields = 1, maxFields = 12): fc.Arbitrary<SchemaModel> {
  return fc
    .record({
      syntax: fc.constantFrom<'proto2' | 'proto3'>('proto3', 'proto3', 'proto2'),
      packageName: fc.constantFrom(null, 'acme', 'acme.orders.v1'),
      messageCount: fc.integer({ min: 1, max: 3 }),
      fieldCounts: fc.array(fc.integer({ min: minFields, max: maxFields }), { minLength: 3, maxLength: 3 }),
      kinds: fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 3 * maxFields, maxLength: 3 * maxFields }),
      withNested: fc.boolean(),
      topEnum: enumArb('Status'),
      nestedEnum: enumArb('Kind'),
    })
    .map(({ syntax, packageName, messageCount, fieldCounts, kinds, withNested, topEnum, nestedEnum }) => {
      const messages: MessageModel[] = []
      for (let m = 0; m < messageCount; m++) {
        const name = `Msg${m}`
        const fields: FieldModel[] = []
        const oneofFields: FieldModel[] = []
        for (let i = 0; i < fieldCounts[m]!; i++) {
          const k = kinds[m * maxFields + i]!
          const tag = i + 1
          let type = SCALARS[k % SCALARS.length]!
          if (k >= 60 && k < 70) type = 'Status'
          else if (k >= 70 && k < 76 && withNested) type = `${name}.Inner`
          else if (k >= 76 && k < 80 && m > 0) type = `Msg${m - 1}`
          else if (k >= 80 && k < 86) type = `map<string, ${k % 2 === 0 ? 'int64' : 'Status'}>`
          const label: FieldModel['label'] = type.startsWith('map<') ? '' : k % 7 === 0 ? 'repeated ' : ''
          const f = { label, type, name: `f${tag}`, tag }
          if (k >= 90 && !type.startsWith('map<') && label === '') oneofFields.push(f)
          else fields.push(f)
        }
        messages.push({
          name,
          fields,
          oneofs: oneofFields.length > 0 ? [{ name: 'choice', fields: oneofFields }] : [],
          nested: withNested
            ? [
                {
                  name: 'Inner',
                  fields: [
                    { label: '', type: 'string', name: 'note', tag: 1 },
                    { label: '', type: 'Kind', name: 'kind', tag: 2 },
                  ],
                  oneofs: [],
                  nested: [],
                  enums: [],
                },
              ]
            : [],
          enums: withNested ? [nestedEnum] : [],
        })
      }
      // Nested Inner refers to Kind, declared in the enclosing message.
      return { syntax, packageName, messages, enums: [topEnum] }
    })
}

function clone(model: SchemaModel): SchemaModel {
  return structuredClone(model)
}

/** Evolutions that keep the schema valid, each tagged with what it did. */
export type Evolution = 'add-field' | 'remove-field' | 'rename-field' | 'retype-field' | 'add-enum-value' | 'add-message' | 'to-oneof' | 'repeat-field'

export function evolve(model: SchemaModel, evolution: Evolution, pick: number): SchemaModel {
  const next = clone(model)
  const message = next.messages[pick % next.messages.length]!
  const fields = message.fields
  const maxTag = Math.max(0, ...fields.map((f) => f.tag), ...message.oneofs.flatMap((o) => o.fields.map((f) => f.tag)))
  const target = fields.length > 0 ? fields[pick % fields.length]! : null
  switch (evolution) {
    case 'add-field':
      fields.push({ label: '', type: SCALARS[pick % SCALARS.length]!, name: `added${maxTag + 1}`, tag: maxTag + 1 })
      break
    case 'remove-field':
      if (target) fields.splice(fields.indexOf(target), 1)
      break
    case 'rename-field':
      if (target) target.name = `${target.name}_renamed`
      break
    case 'retype-field':
      if (target && SCALARS.includes(target.type)) target.type = SCALARS[(SCALARS.indexOf(target.type) + 1 + (pick % 5)) % SCALARS.length]!
      break
    case 'add-enum-value':
      next.enums[0]!.values.push(`STATUS_ADDED${next.enums[0]!.values.length}`)
      break
    case 'add-message':
      next.messages.push({
        name: `Added${next.messages.length}`,
        fields: [{ label: '', type: 'string', name: 'x', tag: 1 }],
        oneofs: [],
        nested: [],
        enums: [],
      })
      break
    case 'to-oneof':
      if (target && !target.type.startsWith('map<') && target.label === '') {
        fields.splice(fields.indexOf(target), 1)
        message.oneofs.push({ name: `moved${target.tag}`, fields: [target] })
      }
      break
    case 'repeat-field':
      if (target && !target.type.startsWith('map<')) target.label = target.label === 'repeated ' ? '' : 'repeated '
      break
  }
  return next
}

export const evolutionArb = fc.constantFrom<Evolution>(
  'add-field',
  'remove-field',
  'rename-field',
  'retype-field',
  'add-enum-value',
  'add-message',
  'to-oneof',
  'repeat-field',
)
