/** Indented JSON written in parts: one large list in it written item by item instead of built into one string. */

/** How much text is gathered before a write. */
const CHUNK = 1 << 16

/**
 * Writes `JSON.stringify(json, null, 2)` through `write`, byte for byte, except that the string
 * value `placeholder` (where it appears once in `json`) is replaced by the list `items`, each item
 * serialized as it comes: the text of a report with 100,000 entries is never one string.
 */
export function writeJsonInParts(write: (text: string) => void, json: unknown, placeholder: string, items: Iterable<unknown>): void {
  const text = JSON.stringify(json, null, 2)
  const mark = JSON.stringify(placeholder)
  const at = text.indexOf(mark)
  if (at < 0) return write(text + '\n')
  // The list's items are indented one step deeper than the line its key is on; its closing bracket as deep.
  const indent = /^ */.exec(text.slice(text.lastIndexOf('\n', at) + 1))![0]
  const inner = `\n${indent}  `
  let out = text.slice(0, at) + '['
  let empty = true
  for (const item of items) {
    out += `${empty ? '' : ','}${inner}${JSON.stringify(item, null, 2).replaceAll('\n', inner)}`
    empty = false
    if (out.length >= CHUNK) {
      write(out)
      out = ''
    }
  }
  write(`${out}${empty ? ']' : `\n${indent}]`}${text.slice(at + mark.length)}\n`)
}
