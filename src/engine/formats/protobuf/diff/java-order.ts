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
  let capacity = initialCapacity
  let threshold = capacity * 0.75
  const seen = new Set<K>()
  const inserted: K[] = []
  for (const key of keys) {
    if (seen.has(key)) continue
    seen.add(key)
    inserted.push(key)
    if (inserted.length > threshold) {
      capacity *= 2
      threshold = capacity * 0.75
    }
  }
  const mask = capacity - 1
  const bucket = inserted.map((key) => {
    const h = hash(key)
    return (h ^ (h >>> 16)) & mask
  })
  // Stable insertion sort by bucket (the lists are short).
  const order = inserted.map((_, i) => i)
  for (let i = 1; i < order.length; i++) {
    const current = order[i]!
    let j = i - 1
    while (j >= 0 && bucket[order[j]!]! > bucket[current]!) {
      order[j + 1] = order[j]!
      j--
    }
    order[j + 1] = current
  }
  return order.map((i) => inserted[i]!)
}
