/**
 * Message comparison as the registry does it: every field matched by number across the whole
 * message, wherever its oneof; newly mutually exclusive fields (MULTIPLE_FIELDS_MOVED_TO_ONEOF,
 * FIELD_MOVED_TO_EXISTING_ONEOF); oneofs added and removed; then each number in order (added,
 * removed, moved to the top level, or its field compared); then the nested types. Pure.
 */
import type { FieldElement, MessageElement, OneOfElement } from '../model.js'
import type { DiffContext } from './context.js'
import type { ProtobufDifferenceType } from './types.js'
import { compareFields } from './field.js'
import { compareTypeElements } from './schema.js'

interface Collected {
  byTag: Map<number, FieldElement>
  tagToOneOf: Map<number, string>
  oneOfs: Map<string, OneOfElement>
}

function collect(message: MessageElement): Collected {
  const byTag = new Map<number, FieldElement>()
  const tagToOneOf = new Map<number, string>()
  const oneOfs = new Map<string, OneOfElement>()
  for (const field of message.fields) byTag.set(field.tag, field)
  for (const oneOf of message.oneOfs) {
    oneOfs.set(oneOf.name, oneOf)
    for (const field of oneOf.fields) {
      byTag.set(field.tag, field)
      tagToOneOf.set(field.tag, oneOf.name)
    }
  }
  return { byTag, tagToOneOf, oneOfs }
}

export function compareMessages(ctx: DiffContext, original: MessageElement, update: MessageElement): void {
  if (ctx.budget.remaining-- > 0 && ctx.enterSchema(original)) {
    try {
      compareMembers(ctx, original, update)
    } finally {
      ctx.leaveSchema(original)
    }
  }
  compareTypeElements(ctx, original.nestedTypes, update.nestedTypes)
}

function compareMembers(ctx: DiffContext, original: MessageElement, update: MessageElement): void {
  const o = collect(original)
  const u = collect(update)

  // A oneof gone by name with none of its members left anywhere was deleted whole (compatible).
  const completelyDeleted = new Set<string>()
  for (const [name, oneOf] of o.oneOfs) {
    if (!u.oneOfs.has(name) && !oneOf.fields.some((f) => u.byTag.has(f.tag))) completelyDeleted.add(name)
  }

  // Fields that were independent (from different original oneofs, or top-level) and now share a oneof.
  for (const oneOf of update.oneOfs) {
    ctx.inPath(oneOf.name, () => {
      const groups = new Set<string>()
      let topLevelMovedIn = 0
      for (const field of oneOf.fields) {
        const from = o.tagToOneOf.get(field.tag)
        if (from !== undefined) groups.add(`oneof:${from}`)
        else if (o.byTag.has(field.tag)) {
          groups.add(`field:${field.tag}`)
          topLevelMovedIn++
        }
      }
      if (groups.size > 1) ctx.add(topLevelMovedIn > 1 ? 'MULTIPLE_FIELDS_MOVED_TO_ONEOF' : 'FIELD_MOVED_TO_EXISTING_ONEOF')
    })
  }

  for (const name of [...new Set([...o.oneOfs.keys(), ...u.oneOfs.keys()])].sort(compareStrings)) {
    ctx.inPath(name, () => {
      if (!u.oneOfs.has(name)) ctx.add('ONEOF_REMOVED')
      else if (!o.oneOfs.has(name)) ctx.add('ONEOF_ADDED')
    })
  }

  const tags = [...new Set([...o.byTag.keys(), ...u.byTag.keys()])].sort((a, b) => a - b)
  const path = ctx.path
  for (const tag of tags) {
    const originalField = o.byTag.get(tag)
    const updateField = u.byTag.get(tag)
    const originalOneOf = o.tagToOneOf.get(tag)
    const updateOneOf = u.tagToOneOf.get(tag)
    const number = String(tag)
    if (updateField === undefined) {
      if (originalOneOf !== undefined) {
        if (!completelyDeleted.has(originalOneOf)) addAt(ctx, [originalOneOf, number], 'ONEOF_FIELD_REMOVED')
      } else {
        addAt(ctx, [number], originalField!.label === 'required' ? 'REQUIRED_FIELD_REMOVED' : 'FIELD_REMOVED')
      }
    } else if (originalField === undefined) {
      if (updateOneOf !== undefined) addAt(ctx, [updateOneOf, number], 'ONEOF_FIELD_ADDED')
      else addAt(ctx, [number], updateField.label === 'required' ? 'REQUIRED_FIELD_ADDED' : 'FIELD_ADDED')
    } else {
      if (originalOneOf !== undefined && updateOneOf === undefined) addAt(ctx, [number], 'ONEOF_FIELD_MOVED_TO_TOP_LEVEL')
      // Compared wherever the field now is: inside its oneof in the update, or at the top level.
      if (updateOneOf !== undefined) path.push(updateOneOf)
      path.push(number)
      try {
        compareFields(ctx, originalField, updateField)
      } finally {
        path.pop()
        if (updateOneOf !== undefined) path.pop()
      }
    }
  }
}

function addAt(ctx: DiffContext, segments: string[], type: ProtobufDifferenceType): void {
  ctx.path.push(...segments)
  ctx.add(type)
  ctx.path.length -= segments.length
}

/** Java's natural `String` order (a TreeSet of oneof names). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
