/**
 * The state of one Protobuf comparison, as the registry's diff keeps it: both sides' types, the
 * package each side resolves names in, the current path (`#/Message/oneof/3`) and naming scope,
 * the messages being compared (so recursive types do not loop), and the differences found. Pure.
 */
import type { SchemaDifference } from '../../format.js'
import type { MessageElement } from '../model.js'
import { scopePrefix, type TypeInfo, type TypeScope } from '../types.js'
import { isCompatibleChange, type ProtobufDifferenceType } from './types.js'

/** Work shared by a comparison and its sub-comparisons, bounded so hostile inputs cannot run away. */
interface Budget {
  remaining: number
}

/** How many message comparisons one diff may make (imported types are compared again at each use). */
const MAX_MESSAGE_COMPARISONS = 200_000

export class DiffContext {
  readonly path: string[] = []
  readonly names: string[] = []
  readonly differences: SchemaDifference[] = []
  readonly schemas = new Set<MessageElement>()

  /** The dotted naming scope of each side (package + enclosing types), made when first needed. */
  private originalPrefix: string | null = null
  private updatePrefix: string | null = null

  constructor(
    readonly original: TypeScope,
    readonly update: TypeScope,
    private originalPackageName: string,
    private updatePackageName: string,
    readonly budget: Budget = { remaining: MAX_MESSAGE_COMPARISONS },
  ) {}

  /** Resolve names of each side in these packages (imported types live in their own). */
  setPackages(originalPackage: string, updatePackage: string): void {
    this.originalPackageName = originalPackage
    this.updatePackageName = updatePackage
    this.scopeChanged()
  }

  private scopeChanged(): void {
    this.originalPrefix = null
    this.updatePrefix = null
  }

  /** A context for comparing imported types: same types, path and guard; its own differences. */
  subcontext(): DiffContext {
    const ctx = new DiffContext(this.original, this.update, this.originalPackageName, this.updatePackageName, this.budget)
    for (const s of this.schemas) ctx.schemas.add(s)
    ctx.path.push(...this.path)
    ctx.names.push(...this.names)
    return ctx
  }

  /** Restart path and naming scope at a type's local name (`outer.Inner` → `#/outer/Inner`). */
  setFullName(name: string): void {
    const parts = name.split('.')
    this.path.length = 0
    this.names.length = 0
    this.path.push(...parts)
    this.names.push(...parts)
    this.scopeChanged()
  }

  add(type: ProtobufDifferenceType): void {
    this.differences.push({ type, path: `#/${this.path.join('/')}`, compatible: isCompatibleChange(type) })
  }

  /** Run `body` with `segment` appended to the path. */
  inPath<T>(segment: string, body: () => T): T {
    this.path.push(segment)
    try {
      return body()
    } finally {
      this.path.pop()
    }
  }

  /** Run `body` inside the type `name`: path and naming scope. */
  inName<T>(name: string, body: () => T): T {
    this.path.push(name)
    this.names.push(name)
    this.scopeChanged()
    try {
      return body()
    } finally {
      this.names.pop()
      this.path.pop()
      this.scopeChanged()
    }
  }

  /** Run `body` unless `message` is already being compared (recursive types); the body gets whether it ran. */
  enterSchema(message: MessageElement): boolean {
    if (this.schemas.has(message)) return false
    this.schemas.add(message)
    return true
  }

  leaveSchema(message: MessageElement): void {
    this.schemas.delete(message)
  }

  isCompatible(): boolean {
    return this.differences.every((d) => d.compatible)
  }

  resolve(name: string, isOriginal: boolean): string | null {
    if (isOriginal) {
      this.originalPrefix ??= scopePrefix(this.originalPackageName, this.names)
      return this.original.resolveType(name, this.originalPrefix)
    }
    this.updatePrefix ??= scopePrefix(this.updatePackageName, this.names)
    return this.update.resolveType(name, this.updatePrefix)
  }

  getType(name: string, isOriginal: boolean): TypeInfo | null {
    const fullName = this.resolve(name, isOriginal)
    return fullName === null ? null : ((isOriginal ? this.original : this.update).type(fullName) ?? null)
  }
}
