/**
 * The candidates closest to a mistyped word (optimal string alignment distance: an insertion,
 * deletion, substitution or swap of two neighbours counts one), nearest first and alphabetical
 * among equals; only those within a third of the word's length (at least one edit), at most `limit`.
 */
export function closestMatches(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const allowed = Math.max(1, Math.floor(word.length / 3))
  const scored = [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter((s) => s.distance <= allowed)
  const best = Math.min(...scored.map((s) => s.distance))
  return scored
    .filter((s) => s.distance === best)
    .map((s) => s.candidate)
    .sort()
    .slice(0, limit)
}

/** Optimal string alignment distance between `a` and `b`. */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) rows[0][j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1)
    }
  }
  return rows[a.length][b.length]
}

/** The hint for a value that is not one of `options`: the nearest ("Did you mean BACKWARD?"), else the list. */
export function choiceHint(value: string, options: readonly string[]): string {
  const nearest = closestMatches(value.trim().toUpperCase(), options, 1)[0] ?? closestMatches(value.trim(), options, 1)[0]
  return nearest === undefined ? `Use one of ${options.join(', ')}.` : `Did you mean ${nearest}?`
}
