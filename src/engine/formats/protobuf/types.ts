/**
 * Tables of the types a schema can see (its own, its imports', the bundled well-known ones) by full
 * name, and name resolution as Confluent Schema Registry's Protobuf provider does it: a leading `.`
 * is absolute; otherwise the name is tried inside the package and each enclosing type, innermost
 * first, then as written. Pure.
 */
import type { FieldElement, ProtoFileElement, TypeElement } from './model.js'

/** Which file a type comes from: the schema itself, a dependency (by import name and text), or the bundle. */
export type TypeSource = { kind: 'main' } | { kind: 'dependency'; name: string; text: string } | { kind: 'builtin'; name: string }

export interface TypeInfo {
  packageName: string
  source: TypeSource
  element: TypeElement
  /** A message with `option map_entry = true` (how a descriptor spells a map). */
  isMap: boolean
  key: FieldElement | null
  value: FieldElement | null
}

export interface ExtendFieldInfo {
  packageName: string
  field: FieldElement
  repeated: boolean
}

/** The types and extension fields of one file, by full name (no leading dot). */
export interface FileTypes {
  types: Map<string, TypeInfo>
  extendFields: Map<string, ExtendFieldInfo>
}

/** Every type and extension field declared in `file`. */
export function collectFileTypes(file: ProtoFileElement, source: TypeSource): FileTypes {
  const out: FileTypes = { types: new Map(), extendFields: new Map() }
  const packageName = file.packageName ?? ''
  const prefix = packageName === '' ? '' : `${packageName}.`
  const addExtends = (extendDeclarations: ProtoFileElement['extendDeclarations'], scope: string) => {
    for (const extend of extendDeclarations) {
      for (const field of extend.fields) out.extendFields.set(`${prefix}${scope}${field.name}`, { packageName, field, repeated: field.label === 'repeated' })
    }
  }
  addExtends(file.extendDeclarations, '')
  const visit = (types: TypeElement[], scope: string) => {
    for (const t of types) {
      const path = `${scope}${t.name}`
      let isMap = false
      let key: FieldElement | null = null
      let value: FieldElement | null = null
      if (t.kind === 'message') {
        addExtends(t.extendDeclarations, `${path}.`)
        isMap = t.options.some((o) => !o.parenthesized && o.name === 'map_entry' && o.value.kind === 'boolean' && o.value.value === 'true')
        if (isMap) {
          key = t.fields.find((f) => f.name === 'key') ?? null
          value = t.fields.find((f) => f.name === 'value') ?? null
        }
      }
      out.types.set(`${prefix}${path}`, { packageName, source, element: t, isMap, key, value })
      if (t.kind === 'message') visit(t.nestedTypes, `${path}.`)
    }
  }
  visit(file.types, '')
  return out
}

/** A layered lookup: the schema's own types win, then its dependencies', then the bundle's. */
export class TypeScope {
  /** Resolutions already made, by scope prefix then name (a schema is compared many times). */
  private readonly resolved = new Map<string, Map<string, string | null>>()

  constructor(readonly layers: readonly FileTypes[]) {}

  /** The full name of type `name` used inside the dotted scope `prefix` (package and enclosing types), or null. */
  resolveType(name: string, prefix: string): string | null {
    let inScope = this.resolved.get(prefix)
    if (inScope === undefined) {
      inScope = new Map()
      if (this.resolved.size < 10_000) this.resolved.set(prefix, inScope)
    }
    let found = inScope.get(name)
    if (found === undefined) {
      found = resolveInPrefix(name, prefix, (n) => this.type(n) !== undefined)
      inScope.set(name, found)
    }
    return found
  }

  type(fullName: string): TypeInfo | undefined {
    const name = fullName.startsWith('.') ? fullName.slice(1) : fullName
    for (const layer of this.layers) {
      const found = layer.types.get(name)
      if (found !== undefined) return found
    }
    return undefined
  }

  extendField(fullName: string): ExtendFieldInfo | undefined {
    const name = fullName.startsWith('.') ? fullName.slice(1) : fullName
    for (const layer of this.layers) {
      const found = layer.extendFields.get(name)
      if (found !== undefined) return found
    }
    return undefined
  }
}

/**
 * The registry's resolution of `name` used in package `packageName` inside the types `scope`
 * (outermost first): the full name (no leading dot) that `exists`, or null.
 */
export function resolveName(name: string, packageName: string, scope: readonly string[], exists: (fullName: string) => boolean): string | null {
  return resolveInPrefix(name, scopePrefix(packageName, scope), exists)
}

/** The package and enclosing type names as one dotted prefix (`pkg.Outer.Inner`). */
export function scopePrefix(packageName: string, scope: readonly string[]): string {
  const names = scope.join('.')
  return packageName === '' ? names : names === '' ? packageName : `${packageName}.${names}`
}

/** `resolveName` with the scope given as a dotted prefix. */
export function resolveInPrefix(name: string, prefix: string, exists: (fullName: string) => boolean): string | null {
  if (name.charCodeAt(0) === 46 /* . */) {
    const n = name.slice(1)
    return exists(n) ? n : null
  }
  let p = prefix
  while (p !== '') {
    const candidate = `${p}.${name}`
    if (exists(candidate)) return candidate
    const dot = p.lastIndexOf('.')
    p = dot === -1 ? '' : p.slice(0, dot)
  }
  return exists(name) ? name : null
}
