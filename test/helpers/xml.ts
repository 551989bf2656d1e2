/** A parsed XML element: name, attributes (entities decoded), child elements and text. */
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)))
    if (!(e in ENTITIES)) throw new Error(`unknown entity ${m}`)
    return ENTITIES[e]
  })
}

/**
 * A small strict XML parser for tests: one root element, matched tags, quoted attributes without
 * duplicates, no bare `<` or `&` in text. Throws on anything not well formed.
 */
export function parseXml(source: string): XmlElement {
  const body = source.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: XmlElement[] = []
  let root: XmlElement | undefined
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy
  let m: RegExpExecArray | null
  let at = 0
  while (at < body.length && (m = token.exec(body)) !== null) {
    at = token.lastIndex
    const [, closing, name, attrs, selfClosing, text] = m
    if (text !== undefined) {
      if (/&(?!(#x[0-9a-fA-F]+|#\d+|\w+);)/.test(text)) throw new Error(`bare & in text: ${text}`)
      if (stack.length === 0) {
        if (text.trim() !== '') throw new Error('text outside the root element')
      } else stack[stack.length - 1].text += decode(text)
      continue
    }
    if (closing === '/') {
      const open = stack.pop()
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`)
      continue
    }
    const attributes: Record<string, string> = {}
    for (const a of attrs.matchAll(/([A-Za-z_][\w.:-]*)="([^"]*)"/g)) {
      if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]}`)
      attributes[a[1]] = decode(a[2])
    }
    const element: XmlElement = { name, attributes, children: [], text: '' }
    if (stack.length > 0) stack[stack.length - 1].children.push(element)
    else if (root === undefined) root = element
    else throw new Error('more than one root element')
    if (selfClosing !== '/') stack.push(element)
  }
  if (at < body.length) throw new Error(`not well formed at offset ${at}: ${body.slice(at, at + 40)}`)
  if (stack.length > 0 || root === undefined) throw new Error('unclosed element or no root')
  return root
}
