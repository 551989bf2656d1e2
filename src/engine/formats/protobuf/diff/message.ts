/**
 * Message comparison as the registry does it: every field matched by number across the whole
 * message, wherever its oneof; newly mutually exclusive fields (MULTIPLE_FIELDS_MOVED_TO_ONEOF,
 * FIELD_MOVED_TO_EXISTING_ONEOF); oneofs added and removed; then each number in order (added,
 * removed, moved to the top level, or its field compared); then the nested types. Pure.
 */
import type { FieldElement, MessageElement, OneOfElement } from '../model.js'
import type { DiffContext } from './context.js'
import type { ProtobufDifferenceType } from './types.js'
import { compareFields, sameScalarField } from './field.js'
import { compareTypeElements } from './schema.js'

interface Collected {
  byTag: Map<number, FieldElement>
  tagToOneOf: Map<number, string>
  oneOfs: Map<string, OneOfElement>
  /** Oneof names in Java's String order. */
  oneOfNames: string[]
  /** Each number in ascending order with its field and oneof (what the walk by number reads). */
  entries: NumberEntry[]
}

interface NumberEntry {
  tag: number
  field: FieldElement
  oneOf: string | undefined
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
  const entries = tags.map((tag) => ({ tag, field: byTag.get(tag)!, oneOf: tagToOneOf.get(tag) }))
  return { byTag, tagToOneOf, oneOfs, oneOfNames: [...oneOfs.keys()].sort(compareStrings), entries }
}

/** Whether two lists hold the same items in the same order. */
function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
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
  let completelyDeleted: Set<string> | undefined
  if (o.oneOfs.size > 0)
    for (const [name, oneOf] of o.oneOfs) {
      if (!u.oneOfs.has(name) && !oneOf.fields.some((f) => u.byTag.has(f.tag))) (completelyDeleted ??= new Set()).add(name)
    }

  // Fields that were independent (from different original oneofs, or top-level) and now share a oneof:
  // the groups are the distinct original oneofs plus each top-level field moved in.
  for (const oneOf of update.oneOfs) {
    let firstFrom: string | undefined
    let otherFroms: Set<string> | undefined
    let topLevelMovedIn = 0
    for (const field of oneOf.fields) {
      const from = o.tagToOneOf.get(field.tag)
      if (from !== undefined) {
        if (firstFrom === undefined) firstFrom = from
        else if (from !== firstFrom) (otherFroms ??= new Set()).add(from)
      } else if (o.byTag.has(field.tag)) {
        topLevelMovedIn++
      }
    }
    const groups = (firstFrom === undefined ? 0 : 1) + (otherFroms?.size ?? 0) + topLevelMovedIn
    if (groups > 1) addAt(ctx, [oneOf.name], topLevelMovedIn > 1 ? 'MULTIPLE_FIELDS_MOVED_TO_ONEOF' : 'FIELD_MOVED_TO_EXISTING_ONEOF')
  }

  // The same oneof names on both sides: none added or removed.
  if (!sameList(o.oneOfNames, u.oneOfNames))
    for (const name of mergeSorted(o.oneOfNames, u.oneOfNames, compareStrings)) {
      if (!u.oneOfs.has(name)) addAt(ctx, [name], 'ONEOF_REMOVED')
      else if (!o.oneOfs.has(name)) addAt(ctx, [name], 'ONEOF_ADDED')
    }

  // Both sides' numbers merged in ascending order (each side's list is sorted).
  const path = ctx.path
  const oe = o.entries
  const ue = u.entries
  let i = 0
  let j = 0
  while (i < oe.length || j < ue.length) {
    const tag = i < oe.length && (j >= ue.length || oe[i]!.tag <= ue[j]!.tag) ? oe[i]!.tag : ue[j]!.tag
    const originalEntry = i < oe.length && oe[i]!.tag === tag ? oe[i++] : undefined
    const updateEntry = j < ue.length && ue[j]!.tag === tag ? ue[j++] : undefined
    const originalField = originalEntry?.field
    const updateField = updateEntry?.field
    const originalOneOf = originalEntry?.oneOf
    const updateOneOf = updateEntry?.oneOf
    if (updateField === undefined) {
      const number = String(tag)
      if (originalOneOf !== undefined) {
        if (completelyDeleted === undefined || !completelyDeleted.has(originalOneOf)) addAt(ctx, [originalOneOf, number], 'ONEOF_FIELD_REMOVED')
      } else {
        addAt(ctx, [number], originalField!.label === 'required' ? 'REQUIRED_FIELD_REMOVED' : 'FIELD_REMOVED')
      }
    } else if (originalField === undefined) {
      const number = String(tag)
      if (updateOneOf !== undefined) addAt(ctx, [updateOneOf, number], 'ONEOF_FIELD_ADDED')
      else addAt(ctx, [number], updateField.label === 'required' ? 'REQUIRED_FIELD_ADDED' : 'FIELD_ADDED')
    } else {
      // Most fields of a version pair did not change: skip them before building their path.
      if ((originalOneOf === undefined || updateOneOf !== undefined) && sameScalarField(originalField, updateField)) continue
      const number = String(tag)
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
