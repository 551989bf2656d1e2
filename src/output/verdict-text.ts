/** The lines of a registry's compatibility verdict, for `register` and `check-compat` (pure). */
import type { PlacedDifference } from '../app/verdict.js'
import type { Style } from './style.js'
import { wrapLine } from './wrap.js'

/** How a verdict is shown: wrapped to `width` on a terminal; with `raw` (`--debug`), the registry's messages as sent after it. */
export interface VerdictTextOptions {
  width?: number
  raw?: boolean
}

/** A verdict and the raw messages it was read from. */
export interface VerdictParts {
  messages?: readonly string[]
  differences?: readonly PlacedDifference[]
  otherMessages?: readonly string[]
}

/**
 * One line per difference (`file:line:col  TYPE  path  description`, the place when the schema
 * came from a file and the format could locate the path), then the messages in no known format as `- message`; messages that were
 * never read (older results) are listed as they are. Lines wrap to `options.width` with their
 * continuation indented further.
 */
export function verdictLines(v: VerdictParts, c: Style, indent: string, options: VerdictTextOptions = {}): string[] {
  const wrap = (line: string) => wrapLine(line, options.width, `${indent}    `)
  const lines: string[] = []
  if (v.differences === undefined) {
    for (const m of v.messages ?? []) lines.push(wrap(`${indent}- ${m}`))
    return lines
  }
  for (const d of v.differences) {
    // The file alone is the one the verdict's first line names: only a place in it says more.
    const where = d.file === undefined || d.line === undefined ? [] : [c.cyan(`${d.file}:${d.line}:${d.column}`)]
    const path = d.path === undefined ? [] : [c.dim(d.path === '' ? '/' : d.path)]
    lines.push(wrap(indent + [...where, c.red(d.type), ...path, d.description].join('  ')))
  }
  for (const m of v.otherMessages ?? []) lines.push(wrap(`${indent}- ${m}`))
  if (options.raw && v.messages?.length) {
    lines.push(c.dim(`${indent}The registry's messages:`))
    for (const m of v.messages) lines.push(c.dim(`${indent}  ${m}`))
  }
  return lines
}

/** The registered version every difference was found against, when they name one and the same. */
export function refusingVersion(differences: readonly PlacedDifference[] | undefined): number | undefined {
  const versions = new Set((differences ?? []).map((d) => d.againstVersion))
  const [only] = versions
  return versions.size === 1 ? only : undefined
}
