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
  /** Field numbers in ascending order. */
  tags: number[]
  /** Oneof names in Java's String order. */
  oneOfNames: string[]
}

// A parsed schema is compared many times (every version pair of a subject): index each message once.
const collected = new WeakMap<MessageElement, Collected>()

function collect(message: MessageElement): Collected {
  let found = collected.get(message)
  if (found === undefined) {
    found = collectFields(message)
    collected.set(message, found)
  }
  return found
}

function collectFields(message: MessageElement): Collected {
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
  const tags = [...byTag.keys()].sort((a, b) => a - b)
  return { byTag, tagToOneOf, oneOfs, tags, oneOfNames: [...oneOfs.keys()].sort(compareStrings) }
}

/** The sorted union of two ascending lists without duplicates. */
function mergeSorted<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && compare(a[i]!, b[j]!) < 0)) out.push(a[i++]!)
    else if (i >= a.length || compare(a[i]!, b[j]!) > 0) out.push(b[j++]!)
    else {
      out.push(a[i++]!)
      j++
    }
  }
  return out
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
  if (o.oneOfs.size > 0) for (const [name, oneOf] of o.oneOfs) {
    if (!u.oneOfs.has(name) && !oneOf.fields.some((f) => u.byTag.has(f.tag))) completelyDeleted.add(name)
  }

  // Fields that were independent (from different original oneofs, or top-level) and now share a oneof.
  for (const oneOf of update.oneOfs) {
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
    if (groups.size > 1) addAt(ctx, [oneOf.name], topLevelMovedIn > 1 ? 'MULTIPLE_FIELDS_MOVED_TO_ONEOF' : 'FIELD_MOVED_TO_EXISTING_ONEOF')
  }

  for (const name of mergeSorted(o.oneOfNames, u.oneOfNames, compareStrings)) {
    if (!u.oneOfs.has(name)) addAt(ctx, [name], 'ONEOF_REMOVED')
    else if (!o.oneOfs.has(name)) addAt(ctx, [name], 'ONEOF_ADDED')
  }

  const tags = mergeSorted(o.tags, u.tags, (a, b) => a - b)
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
