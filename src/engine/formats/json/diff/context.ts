/**
 * The diff's state: the path being compared, the differences found (in the registry's order), the
 * policy deciding what is compatible, and, shared by every sub-comparison, the pairs reached
 * through `$ref`: each is compared once and its result reused (rebased onto the path where it is
 * met again). A pair met again inside itself is a recursive cycle: it is assumed compatible, and
 * the whole comparison is repeated with the corrected verdicts until no assumption changes (the
 * greatest fixed point, as the registry computes it), so a real incompatibility behind a cycle is
 * never masked and recursive unions stay polynomial.
 */
import type { JsonSchemaNode } from '../model.js'
import { NodeKeys } from './node-key.js'

/** One difference: the registry's type and its path (`#/properties/name/maxLength`). */
export interface JsonDifference {
  type: string
  path: string
}

type PairMap<V> = Map<JsonSchemaNode, Map<JsonSchemaNode, V>>

interface Shared {
  readonly compatible: ReadonlySet<string>
  readonly inProgress: PairMap<true>
  /** Results of this pass. */
  readonly memo: PairMap<readonly JsonDifference[]>
  /** Results of the previous pass: what a cycle assumes for its pair. */
  readonly assumed: PairMap<readonly JsonDifference[]>
  /** Pairs whose assumed result was used this pass. */
  readonly assumptions: Array<[JsonSchemaNode, JsonSchemaNode]>
  readonly keys: NodeKeys
}

/** Passes before giving up on a fixed point (each pass can only turn verdicts incompatible). */
const MAX_PASSES = 64

function get<V>(map: PairMap<V>, a: JsonSchemaNode, b: JsonSchemaNode): V | undefined {
  return map.get(a)?.get(b)
}

function set<V>(map: PairMap<V>, a: JsonSchemaNode, b: JsonSchemaNode, value: V): void {
  let inner = map.get(a)
  if (!inner) map.set(a, (inner = new Map()))
  inner.set(b, value)
}

export class DiffContext {
  readonly differences: JsonDifference[] = []

  private constructor(
    private readonly shared: Shared,
    private readonly path: string[],
  ) {}

  /** Every difference `compare` finds under `compatible` (the policy's set), cycles resolved to a fixed point. */
  static run(compatible: ReadonlySet<string>, compare: (ctx: DiffContext) => void): JsonDifference[] {
    const keys = new NodeKeys()
    let assumed: PairMap<readonly JsonDifference[]> = new Map()
    for (let pass = 1; ; pass++) {
      const shared: Shared = { compatible, inProgress: new Map(), memo: new Map(), assumed, assumptions: [], keys }
      const ctx = new DiffContext(shared, [])
      compare(ctx)
      const verdict = (diffs: readonly JsonDifference[] | undefined) => !diffs || diffs.every((d) => compatible.has(d.type))
      const stable = shared.assumptions.every(([o, u]) => verdict(get(shared.memo, o, u)) === verdict(get(assumed, o, u)))
      if (stable || pass === MAX_PASSES) return ctx.differences
      assumed = shared.memo
    }
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

  /** A number equal for structurally equal schemas (the registry's set of subschemas). */
  nodeKey(node: JsonSchemaNode): number {
    return this.shared.keys.key(node)
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

  /** Appends `segment` to the path (undone by `leave`); cheaper than `at` in the hot loops. */
  enter(segment: string): void {
    this.path.push(segment)
  }

  leave(): void {
    this.path.pop()
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
    const { inProgress, memo, assumed } = this.shared
    const cached = get(memo, original, update)
    if (cached) return this.addRebased(cached)
    if (get(inProgress, original, update)) {
      // A cycle: compatible on the first pass, then whatever the previous pass found (if incompatible).
      this.shared.assumptions.push([original, update])
      const previous = get(assumed, original, update)
      if (previous && !previous.every((d) => this.shared.compatible.has(d.type))) this.addRebased(previous)
      return
    }
    set(inProgress, original, update, true)
    const ctx = new DiffContext(this.shared, [])
    try {
      compare(ctx)
    } finally {
      inProgress.get(original)!.delete(update)
    }
    set(memo, original, update, ctx.differences)
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
