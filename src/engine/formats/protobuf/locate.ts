/**
 * Where a difference's path (`#/Order/3`, `#/Order/Line/kind_oneof/7`, `#/Status/2`) lies in the
 * `.proto` text: the element it names, or the nearest enclosing one the file still has.
 */
import type { EnumElement, MessageElement, ProtoFileElement, ProtoLocation, TypeElement } from './model.js'

/** The 1-based line:column of the element at `path` in `file`, or of its nearest enclosing element; undefined for the file itself. */
export function locateProtobufPath(file: ProtoFileElement, path: string): ProtoLocation | undefined {
  const segments = path
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s !== '')
  let found: ProtoLocation | undefined
  let types: readonly TypeElement[] = file.types
  let message: MessageElement | undefined
  let enumType: EnumElement | undefined
  for (const segment of segments) {
    const tag = /^\d+$/.test(segment) ? Number(segment) : undefined
    if (tag !== undefined) {
      const field =
        message?.fields.find((f) => f.tag === tag) ??
        message?.oneOfs.flatMap((o) => o.fields).find((f) => f.tag === tag) ??
        enumType?.constants.find((c) => c.tag === tag)
      return field?.location ?? found
    }
    const type = types.find((t) => t.name === segment)
    if (type !== undefined) {
      found = type.location ?? found
      message = type.kind === 'message' ? type : undefined
      enumType = type.kind === 'enum' ? type : undefined
      types = type.kind === 'message' ? type.nestedTypes : []
      continue
    }
    const oneOf = message?.oneOfs.find((o) => o.name === segment)
    if (oneOf === undefined) return found
    found = oneOf.location ?? found
  }
  return found
}
