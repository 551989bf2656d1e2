/**
 * The order in which the registry (Java) walks property names: it puts them in a `HashMap` or
 * `HashSet`, whose iteration order follows each string's hash bucket (ties in insertion order).
 * Reproducing it is what makes the differences come out in the registry's order.
 */

/** Java's `String.hashCode()` over UTF-16 code units. */
export function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  return h
}

/** HashMap's spread of the key's hash (its bucket is this masked by the table size). */
function spreadHash(key: string): number {
  const h = javaStringHash(key)
  return h ^ (h >>> 16)
}

/** The smallest power of two ≥ n (HashMap's `tableSizeFor`). */
function tableSizeFor(n: number): number {
  let cap = 1
  while (cap < n) cap *= 2
  return cap
}

/** The table size after inserting `count` distinct keys into a table of `capacity` (doubling past 3/4 full). */
function grownCapacity(capacity: number, count: number): number {
  let cap = capacity
  while (count > cap * 0.75) cap *= 2
  return cap
}

/** `keys` (distinct) in iteration order of a table of `capacity`: by bucket, ties in the given order (a stable sort). */
function inBucketOrder(keys: readonly string[], capacity: number): string[] {
  const n = keys.length
  const out = keys.slice()
  if (n < 2) return out
  const mask = capacity - 1
  const buckets: number[] = new Array(n)
  for (let i = 0; i < n; i++) buckets[i] = spreadHash(out[i]) & mask
  // Insertion sort: stable, and tables here hold tens of keys.
  for (let i = 1; i < n; i++) {
    const key = out[i]
    const bucket = buckets[i]
    let j = i - 1
    while (j >= 0 && buckets[j] > bucket) {
      out[j + 1] = out[j]
      buckets[j + 1] = buckets[j]
      j--
    }
    out[j + 1] = key
    buckets[j + 1] = bucket
  }
  return out
}

/** Keys of a Java `HashMap` filled in document order. */
export function javaMapKeyOrder(keys: Iterable<string>): string[] {
  const list = [...keys]
  return inBucketOrder(list, grownCapacity(16, list.length))
}

/**
 * `new HashSet<>(original.keySet())` then `addAll(update.keySet())`, both maps filled in document
 * order. Keys sharing a final bucket shared one in the smaller tables too, so ties keep insertion
 * order: the original's keys, then the update's new ones.
 */
export function javaKeyUnionOrder(original: Iterable<string>, update: Iterable<string>): string[] {
  const keys = [...original]
  const initial = tableSizeFor(Math.max(Math.floor(Math.fround(keys.length / Math.fround(0.75))) + 1, 16))
  const seen = new Set(keys)
  for (const key of update) if (!seen.has(key)) keys.push(key)
  return inBucketOrder(keys, grownCapacity(initial, keys.length))
}
