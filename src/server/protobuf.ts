/**
 * PROTOBUF schemas: validated by parsing them with protobufjs (with their imports resolved
 * against the schema references or the built-in well-known types), and identified by a
 * normalized form in which comments and whitespace do not count.
 */
import { createRequire } from 'node:module'

type Protobuf = typeof import('protobufjs')

let protobuf: Protobuf | undefined
// Loaded on first use, synchronously (registrations validate without awaiting), so that a
// registry without PROTOBUF schemas never pays for the import.
const loadProtobuf = (): Protobuf => (protobuf ??= createRequire(import.meta.url)('protobufjs') as Protobuf)

// Imports Confluent's server and clients provide without a schema reference (docs/registry-api.md, "Schema references").
const BUILT_IN_IMPORT = /^(google\/protobuf\/[\w/]+|google\/type\/\w+|confluent\/meta|confluent\/type\/\w+)\.proto$/

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[\w.]+|\S/g

/** The `.proto` text with comments removed and tokens separated by one space: equal for texts that differ only in layout. */
export function normalizeProtobuf(text: string): string {
  const tokens: string[] = []
  for (const [token] of text.matchAll(TOKEN)) {
    const c = token.charCodeAt(0)
    if (c <= 32 || (c === 47 /* / */ && (token.startsWith('//') || token.startsWith('/*')))) continue
    tokens.push(token)
  }
  return tokens.join(' ')
}

/**
 * Parses `text` and the files it imports (`sources`: import path → `.proto` text, from its
 * references); returns why it is invalid, or undefined. Types are resolved too, unless an
 * import is a built-in file protobufjs does not ship (its types cannot be checked).
 */
export function checkProtobuf(text: string, sources: ReadonlyMap<string, string>): string | undefined {
  const pb = loadProtobuf()
  const root = new pb.Root()
  const loaded = new Set<string>()
  let resolvable = true
  const parseInto = (source: string, file: string | undefined): string | undefined => {
    let imports: string[]
    try {
      const parsed = pb.parse(source, root, { keepCase: true })
      imports = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])]
    } catch (err) {
      return `Invalid schema: ${(err as Error).message}${file ? ` in imported ${file}` : ''}`
    }
    for (const name of imports) {
      if (loaded.has(name)) continue
      loaded.add(name)
      const imported = sources.get(name)
      if (imported !== undefined) {
        const problem = parseInto(imported, name)
        if (problem) return problem
      } else if (name in pb.common) {
        const json = pb.common.get(name) as { nested?: Record<string, never> } | null
        if (json?.nested) root.addJSON(json.nested)
      } else if (BUILT_IN_IMPORT.test(name)) resolvable = false
      else return `Invalid schema: import "${name}" matches no schema reference; add a reference named "${name}" to the subject version that defines it`
    }
    return undefined
  }
  const problem = parseInto(text, undefined)
  if (problem || !resolvable) return problem
  try {
    root.resolveAll()
  } catch (err) {
    return `Invalid schema: ${(err as Error).message}`
  }
  return undefined
}
