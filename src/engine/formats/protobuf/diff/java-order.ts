/**
 * Java's `HashMap`/`HashSet` iteration order, reproduced: the registry's Protobuf diff walks message
 * and enum names (and enum value numbers) in the order of Java hash sets, so the order of its
 * differences depends on Java's `String.hashCode`, the table size and the insertion order. Pure.
 */

/** Java's `String.hashCode()` (UTF-16 code units, 32-bit overflow). */
const stringHashes = new Map<string, number>()

export function javaStringHash(s: string): number {
  const cached = stringHashes.get(s)
  if (cached !== undefined) return cached
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0
  if (stringHashes.size < 100_000) stringHashes.set(s, h)
  return h
}

/** Java's `Integer.hashCode()`. */
export function javaIntegerHash(n: number): number {
  return n | 0
}

/** `HashMap.tableSizeFor`: the smallest power of two ≥ `n` (at least 1). */
function tableSizeFor(n: number): number {
  let size = 1
  while (size < n) size *= 2
  return size
}

/** The table size `new HashSet<>(collection)` starts with for a collection of `size` elements (JDK 8–17). */
export function hashSetCopyCapacity(size: number): number {
  return tableSizeFor(Math.max(Math.floor(Math.fround(size / Math.fround(0.75))) + 1, 16))
}

/** The default table size of `new HashMap<>()` / `new HashSet<>()`. */
export const DEFAULT_CAPACITY = 16

/**
 * The iteration order of a Java hash set (or a hash map's keys) after inserting `keys` in order into
 * a table of `initialCapacity`: duplicates keep their first position; the table doubles past 0.75 load;
 * iteration goes bucket by bucket, each bucket in insertion order (resizing keeps that order).
 */
export function javaHashOrder<K>(keys: Iterable<K>, hash: (key: K) => number, initialCapacity = DEFAULT_CAPACITY): K[] {
  const seen = new Set<K>()
  const inserted: K[] = []
  for (const key of keys) {
    if (seen.has(key)) continue
    seen.add(key)
    inserted.push(key)
  }
  return inBucketOrder(inserted, hash, initialCapacity)
}

/**
 * `new HashSet<>(original)` then `addAll(update)`, in iteration order: `original` and `update` each
 * without duplicates (a map's keys), `inOriginal` telling which of the update's are in `original`.
 */
export function javaUnionOrder<K>(original: readonly K[], update: readonly K[], inOriginal: (key: K) => boolean, hash: (key: K) => number): K[] {
  const keys = original.slice()
  for (const key of update) if (!inOriginal(key)) keys.push(key)
  return inBucketOrder(keys, hash, hashSetCopyCapacity(original.length))
}

/** `keys` (distinct, in insertion order) sorted in place into the iteration order of a table grown from `initialCapacity`. */
function inBucketOrder<K>(keys: K[], hash: (key: K) => number, initialCapacity: number): K[] {
  // Inserting one key at a time doubles the table each time the count passes 3/4 of it.
  let capacity = initialCapacity
  while (keys.length > capacity * 0.75) capacity *= 2
  const n = keys.length
  if (n < 2) return keys
  const mask = capacity - 1
  const buckets = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const h = hash(keys[i]!)
    buckets[i] = (h ^ (h >>> 16)) & mask
  }
  // Stable insertion sort by bucket (the lists are short).
  for (let i = 1; i < n; i++) {
    const key = keys[i]!
    const bucket = buckets[i]!
    let j = i - 1
    while (j >= 0 && buckets[j]! > bucket) {
      keys[j + 1] = keys[j]!
      buckets[j + 1] = buckets[j]!
      j--
    }
    keys[j + 1] = key
    buckets[j + 1] = bucket
  }
  return keys
}
