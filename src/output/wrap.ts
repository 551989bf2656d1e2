/** Word wrapping of rendered text for a terminal (pure; ANSI colour codes take no room). */

const SGR = /\x1b\[[0-9;]*m/g

/** The columns `text` takes on a terminal: its characters without colour codes. */
export function visibleWidth(text: string): number {
  return [...text.replace(SGR, '')].length
}

/**
 * `line` wrapped at spaces to `width` columns, each continuation line starting with
 * `continuation` (its indent). A word longer than a line stays whole on a line of its own: text
 * is never broken inside a word. The runs of spaces between words are kept within a line. Without
 * `width` (not a terminal), the line is returned as it is.
 */
export function wrapLine(line: string, width: number | undefined, continuation: string): string {
  if (width === undefined || visibleWidth(line) <= width) return line
  const indent = /^ */.exec(line)![0]
  const tokens = line.slice(indent.length).split(/( +)/)
  const lines: string[] = []
  let current = indent + tokens[0]
  for (let i = 1; i < tokens.length; i += 2) {
    const [gap, word] = [tokens[i], tokens[i + 1]]
    if (visibleWidth(current + gap + word) <= width) current += gap + word
    else {
      lines.push(current)
      current = continuation + word
    }
  }
  lines.push(current)
  return lines.join('\n')
}
