/**
 * The diff's state: the path being compared, the differences found (in the registry's order), the
 * policy deciding what is compatible, and, shared by every sub-comparison, the pairs in progress
 * (a pair met again inside itself is a recursive cycle, assumed compatible) and the results of
 * pairs reached through `$ref` (reused, rebased onto the path where they are met again).
 */
import type { JsonSchemaNode } from '../model.js'

/** One difference: the registry's type and its path (`#/properties/name/maxLength`). */
export interface JsonDifference {
  type: string
  path: string
}

interface Shared {
  readonly compatible: ReadonlySet<string>
  readonly inProgress: Map<JsonSchemaNode, Set<JsonSchemaNode>>
  readonly memo: Map<JsonSchemaNode, Map<JsonSchemaNode, readonly JsonDifference[]>>
  /** Bumped whenever a cycle is cut: results computed meanwhile depend on that assumption. */
  cycles: number
}

export class DiffContext {
  readonly differences: JsonDifference[] = []

  private constructor(
    private readonly shared: Shared,
    private readonly path: string[],
  ) {}

  /** A root context for one comparison under `compatible` (the policy's set). */
  static root(compatible: ReadonlySet<string>): DiffContext {
    return new DiffContext({ compatible, inProgress: new Map(), memo: new Map(), cycles: 0 }, [])
  }

  /** A context at the same path collecting its own differences (to judge a part before keeping it). */
  sub(): DiffContext {
    return new DiffContext(this.shared, [...this.path])
  }

  /** Whether every difference found in this context is compatible under the policy. */
  isCompatible(): boolean {
    for (const d of this.differences) if (!this.shared.compatible.has(d.type)) return false
    return true
  }

  /** Records `type` at the current path. */
  add(type: string): void {
    this.differences.push({ type, path: this.pathString() })
  }

  /** Records `type` at the current path's member `attribute` (`maxLength`…). */
  addAt(attribute: string, type: string): void {
    this.path.push(attribute)
    this.add(type)
    this.path.pop()
  }

  addAll(differences: readonly JsonDifference[]): void {
    for (const d of differences) this.differences.push(d)
  }

  /** Runs `body` with `segment` appended to the path. */
  at(segment: string, body: () => void): void {
    this.path.push(segment)
    try {
      body()
    } finally {
      this.path.pop()
    }
  }

  /**
   * Compares a pair reached through `$ref` once: a pair already being compared is a cycle (no
   * differences); a finished one is reused. `compare` runs in a fresh context rooted at the pair.
   */
  compareOnce(original: JsonSchemaNode, update: JsonSchemaNode, compare: (ctx: DiffContext) => void): void {
    const { inProgress, memo } = this.shared
    const cached = memo.get(original)?.get(update)
    if (cached) return this.addRebased(cached)
    let updates = inProgress.get(original)
    if (updates?.has(update)) {
      this.shared.cycles++
      return
    }
    if (!updates) inProgress.set(original, (updates = new Set()))
    updates.add(update)
    const cyclesBefore = this.shared.cycles
    const ctx = new DiffContext(this.shared, [])
    try {
      compare(ctx)
    } finally {
      updates.delete(update)
    }
    // A result that relied on a cut cycle holds only inside that cycle: keep it out of the memo.
    if (this.shared.cycles === cyclesBefore) {
      let byUpdate = memo.get(original)
      if (!byUpdate) memo.set(original, (byUpdate = new Map()))
      byUpdate.set(update, ctx.differences)
    }
    this.addRebased(ctx.differences)
  }

  private addRebased(relative: readonly JsonDifference[]): void {
    if (this.path.length === 0) return this.addAll(relative)
    const prefix = this.pathString()
    for (const d of relative) this.differences.push({ type: d.type, path: d.path.length <= 2 ? prefix : `${prefix}/${d.path.slice(2)}` })
  }

  private pathString(): string {
    return `#/${this.path.join('/')}`
  }
}
