/** Stands for the streamed array in a document's template; a NUL no path or name holds. */
const MARK = '\u0000streamed\u0000'

/**
 * A JSON document printed as `JSON.stringify(doc, null, 2)` would print it, with one array in it
 * streamed: `template(fill)` is the document's text around that array (`fill` put where it goes
 * in the document), and `items(depth)` the array's own text, one item at a time (the array's items
 * being `depth` levels deep). Together: `before + open + item… + close + after`, the same bytes. Pure.
 */
export function jsonTemplate(build: (fill: unknown) => unknown): { before: string; after: string } {
  const text = JSON.stringify(build(MARK), null, 2)
  const quoted = JSON.stringify(MARK)
  const at = text.indexOf(quoted)
  return { before: text.slice(0, at), after: text.slice(at + quoted.length) }
}

/** The text of an array streamed into a `jsonTemplate`, whose items are `depth` levels deep in the document. */
export function jsonItems(depth: number): { open: string; item(value: unknown): string; close(): string } {
  const pad = '  '.repeat(depth)
  let count = 0
  return {
    open: '[',
    item: (value) => `${count++ === 0 ? '\n' : ',\n'}${pad}${JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad}`)}`,
    close: () => (count === 0 ? ']' : `\n${'  '.repeat(depth - 1)}]`),
  }
}
