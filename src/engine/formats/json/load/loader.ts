/**
 * Loading a JSON Schema document, and the schemas it references, into the diff's model: one node
 * per schema object (shared by every `$ref` to it, so recursion shows as a cycle), annotations,
 * `$ref` resolution, and located problems instead of exceptions.
 */
import { locatePointer } from '../../../schema/locate.js'
import type { SchemaError } from '../../../types.js'
import type { SchemaDependencies } from '../../format.js'
import type { Annotations, ArrayNode, Dialect, JsonSchemaNode, RefNode } from '../model.js'
import { ANNOTATION, classicKeywords, classicParts, ID, REF, refValue } from './classic.js'
import { dialectOf, isModern, SUPPORTED_DIALECTS } from './dialect.js'
import { isTooDeep, MAX_SCHEMA_TEXT, readSchemaText } from './json-text.js'
import { modernNode } from './modern.js'
import { member, newNode, PointerRef, type KeywordContext, type Pointer } from './nodes.js'
import { baseAt, DEFAULT_BASE, resolveUri, ResourceIndex, splitFragment, valueAt, type SchemaDocument } from './resources.js'
import { show } from './values.js'

/** Deepest chain of subschemas (following `$ref`) the diff may have to walk. */
export const MAX_SCHEMA_GRAPH_DEPTH = 1000

/** Problems reported per document before giving up on finding more. */
const MAX_PROBLEMS = 20

export interface LoadedSchema {
  root: JsonSchemaNode
  dialect: Dialect
  /** The dependency names reached from the root. */
  references: string[]
  /** The schema as JSON text (parsed input written back to text). */
  text: string
  /** No `$ref` anywhere: every node stands for its own JSON alone, and another document may share it. */
  selfContained: boolean
}

export type LoadResult = { ok: true; value: LoadedSchema } | { ok: false; errors: SchemaError[] }

interface PendingRef {
  node: RefNode
  doc: SchemaDocument
  base: string
  /** Pointer of the `$ref` keyword. */
  pointer: Pointer
}

/** Loads `input` (JSON text or parsed JSON) with `dependencies` (reference name → schema text or JSON). */
export function loadJsonSchema(input: unknown, dependencies: SchemaDependencies | Readonly<Record<string, unknown>> = {}): LoadResult {
  try {
    return new Loader(false).load(input, dependencies)
  } catch (e) {
    // A `$ref` the quick text check missed (written with escapes): load again keeping nodes by object.
    if (e instanceof UnexpectedReference) return new Loader(true).load(input, dependencies)
    throw e
  }
}

/**
 * Loads schema text whose JSON is already read (`json` is `JSON.parse(text)`), taking the node of
 * any object found in `reuse` as it is: the nodes of another document of `dialect` whose JSON
 * objects this one shares. The caller has made sure the text is within the size and nesting limits
 * and holds no `$ref` (see parseJsonSchemaAfter). Only for a document without problems, in
 * `dialect`; undefined otherwise (load it with `loadJsonSchema` then, which reports what is wrong).
 */
export function loadSharingNodes(text: string, json: unknown, dialect: Dialect, reuse: ReadonlyMap<object, JsonSchemaNode>): LoadedSchema | undefined {
  try {
    const loaded = new Loader(false, reuse).load(text, {}, { json, dialect })
    return loaded.ok ? loaded.value : undefined
  } catch (e) {
    if (e instanceof UnexpectedReference) return undefined
    throw e
  }
}

/** A quick look for reference keywords (one written with escapes is caught while loading). */
export const REFERENCE_KEYWORD = /"\$(ref|dynamicRef|recursiveRef)"/

class UnexpectedReference {}

/** The context of one schema object: where it is (it is its own JSON Pointer), and how to load its subschemas. */
class ObjectContext extends PointerRef implements KeywordContext {
  readonly dialect: Dialect

  constructor(
    private readonly loader: Loader,
    readonly doc: SchemaDocument,
    parent: Pointer,
    key: string | number | undefined,
    readonly base: string,
    readonly depth: number,
  ) {
    super(parent, key)
    this.dialect = doc.dialect
  }

  get pointer(): Pointer {
    return this
  }

  child(value: unknown, parent: Pointer, key: string | number): JsonSchemaNode {
    return this.loader.childAt(this.doc, value, parent, key, this.base, this.depth + 1)
  }

  problem(pointer: Pointer, message: string): void {
    this.loader.report(this.doc, pointer, message)
  }
}

class Loader {
  constructor(
    private readonly alwaysKeepNodes: boolean,
    /** Nodes to take as they are for the JSON objects they were read from (see `loadSharingNodes`). */
    private readonly reuse?: ReadonlyMap<object, JsonSchemaNode>,
  ) {}

  private rootDoc?: SchemaDocument
  /** The root document's JSON text (parsed input written back to text). */
  private rootText = ''
  private readonly index = new ResourceIndex()
  /** Nodes by the JSON object they come from: each object is loaded once, whoever reaches it (kept only when `$ref` may reach it). */
  private readonly nodes = new WeakMap<object, JsonSchemaNode>()
  private mayReference = true
  private readonly pending: PendingRef[] = []
  private readonly problems: Array<{ doc: SchemaDocument; pointer: Pointer; message: string }> = []
  private readonly dependencyDocs = new Map<string, SchemaDocument>()
  private readonly rawDependencies = new Map<string, unknown>()
  private readonly usedDependencies = new Set<string>()
  private refCount = 0

  /** `read`: the root text's JSON, already parsed, and the only dialect it may have (see `loadSharingNodes`). */
  load(input: unknown, dependencies: Readonly<Record<string, unknown>>, read?: { json: unknown; dialect: Dialect }): LoadResult {
    const root = this.readDocument('', input, undefined, read?.json)
    if (!root.ok) return { ok: false, errors: root.errors }
    if (read && root.doc.dialect !== read.dialect) return { ok: false, errors: [] }
    for (const [name, dep] of Object.entries(dependencies)) this.rawDependencies.set(name, dep)
    const doc = root.doc
    this.rootDoc = doc
    // Without any `$ref` no object is reached twice, and keeping nodes by object is wasted work.
    this.mayReference = !this.reuse && (this.alwaysKeepNodes || doc.text === undefined || REFERENCE_KEYWORD.test(doc.text))
    this.index.add(doc, [doc.base])
    const node = this.loadAt(doc, '', doc.base, 0)
    this.resolvePending()
    // Without `$ref` the schema is a tree, as deep as its JSON at most: only references can go deeper.
    if (this.problems.length === 0 && this.refCount > 0) this.checkGraphDepth(node)
    if (this.problems.length > 0) return { ok: false, errors: this.problems.slice(0, MAX_PROBLEMS).map((p) => this.toError(p)) }
    return {
      ok: true,
      value: { root: node, dialect: doc.dialect, references: [...this.usedDependencies], text: this.rootText, selfContained: !this.mayReference },
    }
  }

  /** Reads one document: text or JSON, its dialect and base URI. `parsed`: the text's JSON, read already. */
  private readDocument(
    name: string,
    input: unknown,
    inheritedDialect: Dialect | undefined,
    parsed?: unknown,
  ): { ok: true; doc: SchemaDocument } | { ok: false; errors: SchemaError[] } {
    const where = name === '' ? '' : `Reference '${name}': `
    let json: unknown
    let text: string | undefined
    if (typeof input === 'string') {
      // Parsed already: the reader of the parts checked the limits (see `loadSharingNodes`).
      const read = parsed === undefined ? readSchemaText(input) : { ok: true as const, value: parsed }
      if (!read.ok) return { ok: false, errors: [{ ...read.error, message: where + read.error.message }] }
      json = read.value
      text = input
      if (name === '') this.rootText = input
    } else {
      if (isTooDeep(input)) return { ok: false, errors: [{ message: `${where}Schema nested too deeply (or cyclic)`, path: '' }] }
      // Parsed input is read as the JSON it stands for: `undefined` members are absent, and so on.
      try {
        const written = JSON.stringify(input)
        json = written === undefined ? undefined : JSON.parse(written)
        if (name === '' && written !== undefined) this.rootText = written
      } catch (e) {
        return { ok: false, errors: [{ message: `${where}Not JSON: ${e instanceof Error ? e.message : String(e)}`, path: '' }] }
      }
    }
    const isObject = json !== null && typeof json === 'object' && !Array.isArray(json)
    if (!isObject && typeof json !== 'boolean') {
      const error: SchemaError = { message: `${where}A JSON Schema must be an object or a boolean, not ${show(json)}`, path: '' }
      return { ok: false, errors: [text === undefined ? error : { ...error, ...(locatePointer(text, '') ?? {}) }] }
    }
    const record = isObject ? (json as Record<string, unknown>) : {}
    let dialect: Dialect | undefined = inheritedDialect
    if ('$schema' in record || inheritedDialect === undefined) dialect = dialectOf(record.$schema)
    if (dialect === undefined) {
      const error: SchemaError = {
        message: `${where}Unknown JSON Schema dialect ${show(record.$schema)} in '$schema': supported are ${SUPPORTED_DIALECTS}`,
        path: '/$schema',
      }
      return { ok: false, errors: [text === undefined ? error : { ...error, ...(locatePointer(text, '/$schema') ?? {}) }] }
    }
    const idKeyword = dialect === 'draft-04' ? 'id' : '$id'
    const outer = name === '' ? DEFAULT_BASE : resolveUri(name, this.rootBase())
    const id = record[idKeyword]
    const base = typeof id === 'string' && !id.startsWith('#') ? splitFragment(resolveUri(id, outer))[0] : outer
    return { ok: true, doc: { name, json, text, dialect, base } }
  }

  private rootBase(): string {
    return this.rootDoc?.base ?? DEFAULT_BASE
  }

  /** The node of the schema at `pointer` of `doc`, loaded once. */
  private loadAt(doc: SchemaDocument, pointer: string, base: string, depth: number): JsonSchemaNode {
    return this.childAt(doc, valueAt(doc.json, pointer), pointer, undefined, base, depth)
  }

  private loadValue(doc: SchemaDocument, value: unknown, parent: Pointer, key: string | number | undefined, outerBase: string, depth: number): JsonSchemaNode {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const ctx = new ObjectContext(this, doc, parent, key, outerBase, depth)
      if (value === true || value === false) {
        const node = newNode(ctx, value ? 'true' : 'false', {})
        node.raw = value
        return node
      }
      ctx.problem(ctx, `A schema must be an object or a boolean, not ${show(value)}`)
      return newNode(ctx, 'empty', {})
    }
    const json = value as Record<string, unknown>
    const modern = isModern(doc.dialect)
    // Drafts 4–7: one pass over the keys says which keywords are there, and spares the lookups of absent ones.
    const present = modern ? -1 : classicKeywords(doc.dialect, json)
    const inner = new ObjectContext(this, doc, parent, key, present & ID || json === doc.json ? this.baseOf(doc, json, outerBase) : outerBase, depth)
    let node: JsonSchemaNode
    if (modern) {
      node = modernNode(inner, json, (key, ref) => this.refNode(inner, key, key === '$recursiveRef' ? '#' : ref)) ?? newNode(inner, 'empty', {})
    } else if (present & REF) {
      node = this.refNode(inner, '$ref', json.$ref)
    } else {
      const parts = classicParts(inner, json, present)
      node =
        parts.length === 0
          ? newNode(inner, 'empty', {})
          : parts.length === 1
            ? parts[0]
            : newNode(inner, 'combined', { criterion: 'allOf', subschemas: parts, synthetic: true })
    }
    if (present & ANNOTATION) this.annotate(inner, node, json, modern)
    else if (node.kind === 'array') this.containsBounds(node, json)
    node.raw = json
    return node
  }

  /** The base URI inside `json`: changed by its `$id` (`id` in draft 4), except a plain-name fragment. */
  private baseOf(doc: SchemaDocument, json: Record<string, unknown>, outerBase: string): string {
    if (json === doc.json) return doc.base
    const id = json[doc.dialect === 'draft-04' ? 'id' : '$id']
    if (typeof id !== 'string' || (id.startsWith('#') && !isModern(doc.dialect))) return outerBase
    return splitFragment(resolveUri(id, outerBase))[0]
  }

  /** The node of the subschema `value` at `pointer` of `doc`, inside an object whose base is `base`. */
  childAt(doc: SchemaDocument, value: unknown, parent: Pointer, key: string | number | undefined, base: string, depth: number): JsonSchemaNode {
    if (this.reuse !== undefined && value !== null && typeof value === 'object') {
      const shared = this.reuse.get(value)
      if (shared) return shared
    }
    if (value === null || typeof value !== 'object' || !this.mayReference) return this.loadValue(doc, value, parent, key, base, depth)
    const known = this.nodes.get(value)
    if (known) return known
    const node = this.loadValue(doc, value, parent, key, base, depth)
    this.nodes.set(value, node)
    return node
  }

  report(doc: SchemaDocument, pointer: Pointer, message: string): void {
    this.problems.push({ doc, pointer, message })
  }

  private refNode(ctx: KeywordContext, key: string, value: unknown): RefNode {
    const ref = refValue(ctx, key, value) ?? '#'
    if (!this.mayReference) throw new UnexpectedReference()
    const node = newNode(ctx, 'ref', { ref })
    this.refCount++
    if (typeof value === 'string') this.pending.push({ node, doc: ctx.doc, base: ctx.base, pointer: member(ctx.pointer, key) })
    return node
  }

  /** The annotations the diff compares, set on the schema the object finally gives. */
  private annotate(ctx: KeywordContext, node: JsonSchemaNode, json: Record<string, unknown>, modern: boolean): void {
    const target = node as Annotations
    const idKeyword = ctx.dialect === 'draft-04' ? 'id' : '$id'
    if (json[idKeyword] !== undefined) target.id = annotationText(ctx, json, idKeyword)
    if (json.title !== undefined) target.title = annotationText(ctx, json, 'title')
    if (json.description !== undefined) target.description = annotationText(ctx, json, 'description')
    if ('default' in json && !(modern && json.default === null)) {
      target.hasDefault = true
      target.defaultValue = json.default
    }
    const connectType = json['connect.type']
    if (typeof connectType === 'string') target.connectType = connectType
    if (!modern && node.kind === 'array') this.containsBounds(node, json)
  }

  /** Drafts 4–7 keep unknown keywords on the schema; the diff reads minContains/maxContains from there. */
  private containsBounds(node: ArrayNode, json: Record<string, unknown>): void {
    if (typeof json.minContains === 'number') node.minContains = json.minContains
    if (typeof json.maxContains === 'number') node.maxContains = json.maxContains
  }

  /** Resolves every `$ref` met so far; targets may hold more. */
  private resolvePending(): void {
    for (let i = 0; i < this.pending.length; i++) {
      const { node, doc, base, pointer } = this.pending[i]
      const target = this.locate(node.ref, base)
      if ('problem' in target) {
        this.problems.push({ doc, pointer, message: target.problem })
        continue
      }
      node.target = this.loadAt(target.doc, target.pointer, baseAt(target.doc, target.pointer), 0)
    }
  }

  /** Where `$ref` value `ref` points, or why it points nowhere. */
  private locate(ref: string, base: string): { doc: SchemaDocument; pointer: string } | { problem: string } {
    const [uri, fragment] = splitFragment(resolveUri(ref, base))
    let resource = this.index.resource(uri)
    if (!resource) {
      const dep = this.dependencyFor(uri)
      if (typeof dep === 'string') return { problem: dep }
      resource = dep && this.index.resource(uri)
    }
    if (!resource) {
      const remote = /^https?:/i.test(uri)
      return {
        problem: remote
          ? `$ref '${ref}' names a remote schema, which is never fetched: pass it as a schema reference (a dependency named '${ref.split('#')[0]}')`
          : `$ref '${ref}' does not resolve: no definition in this document and no schema reference with that name`,
      }
    }
    let decoded = fragment
    try {
      decoded = decodeURIComponent(fragment)
    } catch {
      // Keep the fragment as written.
    }
    if (decoded === '') return resource
    if (decoded.startsWith('/')) {
      const pointer = resource.pointer + decoded
      if (valueAt(resource.doc.json, pointer) === undefined) return { problem: `$ref '${ref}' does not resolve: nothing at '${decoded}'` }
      return { doc: resource.doc, pointer }
    }
    const anchored = this.index.anchor(`${uri}#${decoded}`)
    return anchored ?? { problem: `$ref '${ref}' does not resolve: no anchor '${decoded}'` }
  }

  /** Reads and indexes the dependency whose name resolves to `uri`, if any; a string is a problem. */
  private dependencyFor(uri: string): SchemaDocument | string | undefined {
    for (const [name, raw] of this.rawDependencies) {
      if (this.dependencyDocs.has(name)) continue
      if (resolveUri(name, this.rootBase()) !== uri && !this.declaresId(raw, uri)) continue
      const read = this.readDocument(name, raw, this.rootDoc?.dialect)
      if (!read.ok) return read.errors.map((e) => e.message + (e.line ? ` (line ${e.line}, column ${e.column})` : '')).join('; ')
      this.dependencyDocs.set(name, read.doc)
      this.usedDependencies.add(name)
      this.index.add(read.doc, [resolveUri(name, this.rootBase()), read.doc.base])
      return read.doc
    }
    return undefined
  }

  /** Whether the dependency's own `$id` is `uri` (a reference may name a schema by its `$id`). */
  private declaresId(raw: unknown, uri: string): boolean {
    let json = raw
    if (typeof raw === 'string') {
      if (raw.length > MAX_SCHEMA_TEXT) return false
      try {
        json = JSON.parse(raw)
      } catch {
        return false
      }
    }
    if (json === null || typeof json !== 'object') return false
    const record = json as Record<string, unknown>
    const id = typeof record.$id === 'string' ? record.$id : record.id
    return typeof id === 'string' && splitFragment(resolveUri(id, this.rootBase()))[0] === uri
  }

  /** Rejects a schema whose chain of subschemas (through `$ref`, cycles cut) is deeper than the diff may walk. */
  private checkGraphDepth(root: JsonSchemaNode): void {
    const depth = new Map<JsonSchemaNode, number>()
    const onStack = new Set<JsonSchemaNode>()
    const stack: Array<{ node: JsonSchemaNode; children: JsonSchemaNode[]; next: number; best: number }> = [
      { node: root, children: childrenOf(root), next: 0, best: 0 },
    ]
    onStack.add(root)
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]
      if (frame.next < frame.children.length) {
        const child = frame.children[frame.next++]
        const known = depth.get(child)
        if (known !== undefined) frame.best = Math.max(frame.best, known)
        else if (!onStack.has(child)) {
          onStack.add(child)
          stack.push({ node: child, children: childrenOf(child), next: 0, best: 0 })
        }
        continue
      }
      stack.pop()
      onStack.delete(frame.node)
      const d = frame.best + 1
      if (d > MAX_SCHEMA_GRAPH_DEPTH) {
        this.problems.push({
          doc: this.rootDoc!,
          pointer: '',
          message: `Schema nested too deeply: more than ${MAX_SCHEMA_GRAPH_DEPTH} levels of subschemas (through $ref)`,
        })
        return
      }
      depth.set(frame.node, d)
      if (stack.length > 0) stack[stack.length - 1].best = Math.max(stack[stack.length - 1].best, d)
    }
  }

  private toError(problem: { doc: SchemaDocument; pointer: Pointer; message: string }): SchemaError {
    const where = problem.doc.name === '' ? '' : `Reference '${problem.doc.name}': `
    const path = String(problem.pointer)
    const position = problem.doc.text === undefined ? undefined : locatePointer(problem.doc.text, path)
    return { message: where + problem.message, path, ...(position ?? {}) }
  }
}

/** A string annotation (`title`, `description`, `$id`), or undefined after reporting another type. */
function annotationText(ctx: KeywordContext, json: Record<string, unknown>, key: string): string | undefined {
  const value = json[key]
  if (typeof value === 'string') return value
  ctx.problem(member(ctx.pointer, key), `'${key}' must be a string, not ${show(value)}`)
  return undefined
}

/** Every node of the schema by the JSON object it was read from (a document of one tree: no `$ref`). */
export function nodesByJson(root: JsonSchemaNode): Map<object, JsonSchemaNode> {
  const nodes = new Map<object, JsonSchemaNode>()
  const stack = [root]
  const push = (node: JsonSchemaNode | undefined) => {
    if (node !== undefined) stack.push(node)
  }
  while (stack.length > 0) {
    const node = stack.pop()!
    if (node.raw !== null && typeof node.raw === 'object') nodes.set(node.raw, node)
    switch (node.kind) {
      case 'object':
        for (const child of node.properties.values()) stack.push(child)
        for (const p of node.patternProperties) stack.push(p.schema)
        for (const child of node.schemaDependencies.values()) stack.push(child)
        push(node.additionalSchema)
        push(node.propertyNames)
        push(node.unevaluated)
        break
      case 'array':
        if (node.itemSchemas) for (const child of node.itemSchemas) stack.push(child)
        push(node.allItems)
        push(node.additionalItemsSchema)
        push(node.contains)
        push(node.unevaluated)
        break
      case 'combined':
        for (const child of node.subschemas) stack.push(child)
        break
      case 'not':
        stack.push(node.schema)
        break
      case 'ref':
        push(node.target)
        break
      default:
        break
    }
  }
  return nodes
}

/** The subschemas of a node, `$ref` targets included. */
export function childrenOf(node: JsonSchemaNode): JsonSchemaNode[] {
  switch (node.kind) {
    case 'object': {
      const out = [...node.properties.values(), ...node.patternProperties.map((p) => p.schema), ...node.schemaDependencies.values()]
      for (const s of [node.additionalSchema, node.propertyNames, node.unevaluated]) if (s) out.push(s)
      return out
    }
    case 'array': {
      const out = [...(node.itemSchemas ?? [])]
      for (const s of [node.allItems, node.additionalItemsSchema, node.contains, node.unevaluated]) if (s) out.push(s)
      return out
    }
    case 'combined':
      return node.subschemas
    case 'not':
      return [node.schema]
    case 'ref':
      return node.target ? [node.target] : []
    default:
      return []
  }
}
