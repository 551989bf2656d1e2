/**
 * Comparing the types of a file or message as the registry does: the package first, then messages
 * by name (walked in Java hash-set order: removed, added, or compared and checked for a new index),
 * then enums by name. Synthetic map-entry messages are neither added nor removed. Pure.
 */
import type { EnumElement, MessageElement, ProtoFileElement, TypeElement } from '../model.js'
import type { DiffContext } from './context.js'
import { compareEnums } from './enums.js'
import { javaHashOrder, javaStringHash, javaUnionOrder } from './java-order.js'
import { compareMessages } from './message.js'

export function compareFiles(ctx: DiffContext, original: ProtoFileElement, update: ProtoFileElement): void {
  if (original.packageName !== update.packageName) ctx.add('PACKAGE_CHANGED')
  compareTypeElements(ctx, original.types, update.types)
}

interface Indexed {
  messages: Map<string, MessageElement>
  indexes: Map<string, number>
  enums: Map<string, EnumElement>
  messageOrder: string[]
  enumOrder: string[]
  /** The union orders against an update with no new names (made on first use: the usual case between versions). */
  messageUnion?: string[]
  enumUnion?: string[]
}

// Each file's and message's type list is indexed once, however often it is compared.
const indexed = new WeakMap<readonly TypeElement[], Indexed>()

function index(types: readonly TypeElement[]): Indexed {
  let found = indexed.get(types)
  if (found === undefined) {
    found = indexTypes(types)
    indexed.set(types, found)
  }
  return found
}

function indexTypes(types: readonly TypeElement[]): Indexed {
  const messages = new Map<string, MessageElement>()
  const indexes = new Map<string, number>()
  const enums = new Map<string, EnumElement>()
  let i = 0
  for (const t of types) {
    if (t.kind === 'message') {
      messages.set(t.name, t)
      indexes.set(t.name, i++)
    } else {
      enums.set(t.name, t)
    }
  }
  return {
    messages,
    indexes,
    enums,
    messageOrder: javaHashOrder(messages.keys(), javaStringHash),
    enumOrder: javaHashOrder(enums.keys(), javaStringHash),
  }
}

export function compareTypeElements(ctx: DiffContext, original: readonly TypeElement[], update: readonly TypeElement[]): void {
  if (original.length === 0 && update.length === 0) return
  const o = index(original)
  const u = index(update)
  // An update with no new names (the usual case between versions) walks the original's union order, kept.
  const inOriginalMessages = (name: string) => o.messages.has(name)
  const inOriginalEnums = (name: string) => o.enums.has(name)
  const messageNames = u.messageOrder.every(inOriginalMessages)
    ? (o.messageUnion ??= javaUnionOrder(o.messageOrder, [], inOriginalMessages, javaStringHash))
    : javaUnionOrder(o.messageOrder, u.messageOrder, inOriginalMessages, javaStringHash)
  const enumNames = u.enumOrder.every(inOriginalEnums)
    ? (o.enumUnion ??= javaUnionOrder(o.enumOrder, [], inOriginalEnums, javaStringHash))
    : javaUnionOrder(o.enumOrder, u.enumOrder, inOriginalEnums, javaStringHash)
  for (const name of messageNames) {
    ctx.inName(name, () => {
      const originalMessage = o.messages.get(name)
      const updateMessage = u.messages.get(name)
      if (updateMessage === undefined) {
        const info = ctx.getType(name, true)
        if (info !== null && !info.isMap) ctx.add('MESSAGE_REMOVED')
      } else if (originalMessage === undefined) {
        const info = ctx.getType(name, false)
        if (info !== null && !info.isMap) ctx.add('MESSAGE_ADDED')
      } else {
        compareMessages(ctx, originalMessage, updateMessage)
        // Moving a message is compatible: serialized message indexes refer to the writer's schema.
        if (o.indexes.get(name) !== u.indexes.get(name)) ctx.add('MESSAGE_MOVED')
      }
    })
  }
  for (const name of enumNames) {
    ctx.inName(name, () => {
      const originalEnum = o.enums.get(name)
      const updateEnum = u.enums.get(name)
      if (updateEnum === undefined) ctx.add('ENUM_REMOVED')
      else if (originalEnum === undefined) ctx.add('ENUM_ADDED')
      else compareEnums(ctx, originalEnum, updateEnum)
    })
  }
}
