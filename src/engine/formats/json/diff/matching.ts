/**
 * A maximum matching between the subschemas of two combined schemas (bipartite, edges where the
 * pair is compatible), found like the registry's Hopcroft–Karp: greedy over the smaller side in
 * order, then augmenting paths. Where the registry's choice among equally large matchings depends
 * on Java hash order, the cheapest edges (fewest differences) are tried first.
 */

/** Pairs `[originalIndex, updateIndex]` of a maximum matching, by original index; `cost` is undefined where no edge. */
export function maximumMatching(originalCount: number, updateCount: number, cost: (o: number, u: number) => number | undefined): Array<[number, number]> {
  const swap = originalCount > updateCount
  const left = swap ? updateCount : originalCount
  const right = swap ? originalCount : updateCount
  const edge = (l: number, r: number) => (swap ? cost(r, l) : cost(l, r))
  const neighbours: number[][] = []
  for (let l = 0; l < left; l++) {
    const list: Array<[number, number]> = []
    for (let r = 0; r < right; r++) {
      const c = edge(l, r)
      if (c !== undefined) list.push([r, c])
    }
    neighbours.push(list.sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([r]) => r))
  }
  const matchOfRight = new Array<number>(right).fill(-1)
  const matchOfLeft = new Array<number>(left).fill(-1)
  for (let l = 0; l < left; l++) {
    const free = neighbours[l].find((r) => matchOfRight[r] === -1)
    if (free !== undefined) {
      matchOfRight[free] = l
      matchOfLeft[l] = free
    }
  }
  // Augmenting paths for the vertices the greedy pass left unmatched (Kuhn).
  const augment = (l: number, seen: boolean[]): boolean => {
    for (const r of neighbours[l]) {
      if (seen[r]) continue
      seen[r] = true
      if (matchOfRight[r] === -1 || augment(matchOfRight[r], seen)) {
        matchOfRight[r] = l
        matchOfLeft[l] = r
        return true
      }
    }
    return false
  }
  for (let l = 0; l < left; l++) if (matchOfLeft[l] === -1) augment(l, new Array<boolean>(right).fill(false))
  const pairs: Array<[number, number]> = []
  for (let l = 0; l < left; l++) if (matchOfLeft[l] !== -1) pairs.push(swap ? [matchOfLeft[l], l] : [l, matchOfLeft[l]])
  return pairs.sort((a, b) => a[0] - b[0])
}
