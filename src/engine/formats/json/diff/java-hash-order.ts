/**
 * The order in which the registry (Java) walks property names: it puts them in a `HashSet`, whose
 * iteration order follows each string's hash bucket. Reproducing it is what makes the differences
 * come out in the registry's order.
 */

/** Java's `String.hashCode()` over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h
}

/** HashMap's bucket spreading of a hash. */
function spread(h: number): number {
  return h ^ (h >>> 16)
}

/** The smallest power of two ≥ n (HashMap's `tableSizeFor`). */
function tableSizeFor(n: number): number {
  let cap = 1
  while (cap < n) cap *= 2
  return cap
}

/**
 * Iteration order of a Java `HashSet` after adding `keys` in order to a set created with
 * `initialCapacity`: keys sorted by bucket in the final table, ties in insertion order.
 */
export function javaHashSetOrder(keys: Iterable<string>, initialCapacity = 16): string[] {
  let capacity = tableSizeFor(Math.max(initialCapacity, 1))
  const seen = new Set<string>()
  const inserted: string[] = []
  for (const key of keys) {
    if (seen.has(key)) continue
    seen.add(key)
    inserted.push(key)
    if (inserted.length > capacity * 0.75) capacity *= 2
  }
  if (inserted.length < 2) return inserted
  const mask = capacity - 1
  const buckets = inserted.map((key, i) => ({ key, i, bucket: spread(javaStringHash(key)) & mask }))
  buckets.sort((a, b) => a.bucket - b.bucket || a.i - b.i)
  return buckets.map((b) => b.key)
}

/** Keys of a Java `HashMap` filled in document order. */
export function javaMapKeyOrder(keys: Iterable<string>): string[] {
  return javaHashSetOrder(keys)
}

/** `new HashSet<>(original.keySet())` then `addAll(update.keySet())`, both maps filled in document order. */
export function javaKeyUnionOrder(original: Iterable<string>, update: Iterable<string>): string[] {
  const first = javaMapKeyOrder(original)
  const initial = Math.max(Math.floor(Math.fround(first.length / Math.fround(0.75))) + 1, 16)
  return javaHashSetOrder([...first, ...javaMapKeyOrder(update)], initial)
}
