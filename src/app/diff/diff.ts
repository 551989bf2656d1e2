/** `schemactl diff`: the semantic difference between two schemas and whether each reads the other. */
import { diffContracts } from '../../engine/contracts/index.js'
import { compareSchemas, type DiffLevel, type SchemaChange, type DiffVerdict } from '../../engine/diff/index.js'
import type { CompatibilityPolicy, SchemaType } from '../../engine/formats/index.js'
import { formatFor } from '../../engine/formats/index.js'
import { UsageError } from '../../errors.js'
import type { RegistryClient } from '../../registry/client.js'
import { compareFormatSides, mixedTypeVerdicts, type DiffDifference } from './format.js'
import { diffLines, type DiffLine } from './lines.js'
import { readContractDocumentFile } from '../input/contract.js'
import { parseSideSpec, readLocalSide, type LocalSide, type ResolvedSide, type SideSource } from './sides.js'
import type { RegistryContext } from '../registry/session.js'

/** What `diffSchemaSides` needs. */
export interface DiffOptions {
  /** The old side: a file, `dir/subject@version`, `subject@version` or `id:<n>`. */
  a: string
  /** The new side, in the same forms. */
  b: string
  /** Also return a line diff of the pretty-printed canonical forms. */
  lines?: boolean
  /** Exit 1 when this level fails. */
  failOn?: DiffLevel
  /** Follow symbolic links that leave a side's workspace (see workspace/read-file.ts). */
  followExternalLinks?: boolean
  /** A contract file (`{"metadata", "ruleSet"}`) that replaces side a's contract. */
  aContract?: string
  /** A contract file that replaces side b's contract. */
  bContract?: string
  /** The schema type of file sides (default: by extension and content, see diff-format.ts). */
  schemaType?: SchemaType
  /** JSON Schema's compatibility policy; default the registry's for a subject side (b's, then a's), else STRICT. */
  policy?: CompatibilityPolicy
}

/** The result of `schemactl diff` (the `--json` result). */
export interface DiffReport {
  a: SideSource
  b: SideSource
  /** The sides' schema type (a's when they differ). */
  schemaType: SchemaType
  /** When the sides' types differ: b's type (the pair is then incompatible at every level). */
  bSchemaType?: SchemaType
  /** Semantic changes from a to b, each with its JSON Pointer (Avro). */
  changes: SchemaChange[]
  /**
   * JSON Schema and Protobuf: every difference the registry's diff reports from a to b, in its
   * order, each with its type, path (`#/properties/name`, `#/Order/3`), whether it is compatible
   * under the policy, and the registry's message for it.
   */
  differences?: DiffDifference[]
  /** JSON Schema: the compatibility policy the differences were judged under. */
  policy?: CompatibilityPolicy
  /**
   * Data-contract changes from a to b (engine/contracts/diff.ts): tags added to or removed from a
   * metadata path or a field's `confluent:tags`, properties, sensitive properties, rules added,
   * removed, changed, moved or reordered. Paths point into the contract (`/metadata/tags/…`,
   * `/ruleSet/domainRules/0`), or into the schema for a field's inline tags.
   */
  contractChanges: SchemaChange[]
  /** BACKWARD (b reads a's data), FORWARD (a reads b's data), FULL. */
  verdicts: DiffVerdict[]
  /** With `lines`: the line diff of the pretty-printed canonical forms. */
  lines?: DiffLine[]
  /** 1 when `failOn` is given and that level fails, else 0. */
  exitCode: 0 | 1
}

/**
 * Reads both sides (through `registry` when a side is a registry subject version or id), diffs
 * their schemas and their data contracts, and judges compatibility. Throws InputError (exit 5) for an unreadable or invalid side,
 * registry errors (exit 4) for a missing registry subject, version or id.
 */
export async function diffSchemaSides(options: DiffOptions, registry?: RegistryContext): Promise<DiffReport> {
  // Contract files given for the sides are checked before anything is fetched.
  const given = [options.aContract, options.bContract].map((file) => (file === undefined ? undefined : readContractDocumentFile(file)))
  const specs = [options.a, options.b].map((spec) => ({ spec, side: parseSideSpec(spec) }))
  const remote = specs.filter(({ side }) => side.kind === 'registry' || side.kind === 'id')
  let read: ResolvedSide[]
  let policy = options.policy
  if (remote.length === 0) read = await Promise.all(specs.map(({ spec, side }) => readLocalSide(spec, side as LocalSide, options)))
  else if (registry === undefined)
    throw new UsageError(`'${remote[0].spec}' names a registry schema, but no registry is given`, {
      code: 'REGISTRY_UNAVAILABLE',
      hint: 'Compare files or workspace versions (dir/subject@3).',
    })
  else {
    // Loaded only for a registry side: the HTTP client and TLS are start-up cost a diff of two files does not need.
    const [{ readRegistrySide }, { createRegistrySchemaParser }, { withRegistry }] = await Promise.all([
      import('./registry-sides.js'),
      import('../registry/schema.js'),
      import('../registry/session.js'),
    ])
    read = await withRegistry(registry, async (client) => {
      const parse = createRegistrySchemaParser(client)
      const sides = await Promise.all(
        specs.map(({ spec, side }) =>
          side.kind === 'registry' || side.kind === 'id' ? readRegistrySide(client, parse, spec, side) : readLocalSide(spec, side, options),
        ),
      )
      policy ??= await registryPolicy(client, sides)
      return sides
    })
  }
  const [a, b] = read.map((side, i): ResolvedSide => {
    const override = given[i]
    return override === undefined ? side : { ...side, source: { ...side.source, contractFile: override.files[0] }, contract: override.contract }
  })
  return diffResolvedSides(a, b, { ...options, policy })
}

/**
 * Diffs two sides already read (as `schemactl browse` reads registry and workspace versions):
 * schemas (Avro's changes, or the registry's differences for JSON Schema and Protobuf), data
 * contracts, compatibility.
 */
export function diffResolvedSides(a: ResolvedSide, b: ResolvedSide, options: Pick<DiffOptions, 'lines' | 'failOn' | 'policy'> = {}): DiffReport {
  const compared = compareSides(a, b, options.policy)
  const failed = options.failOn !== undefined && compared.verdicts.some((v) => v.level === options.failOn && !v.compatible)
  return {
    a: a.source,
    b: b.source,
    schemaType: a.schemaType,
    ...(b.schemaType !== a.schemaType ? { bSchemaType: b.schemaType } : {}),
    ...compared,
    ...(options.lines ? { lines: diffLines(prettyText(a), prettyText(b)) } : {}),
    exitCode: failed ? 1 : 0,
  }
}

/** The changes, data-contract changes and verdicts of two read sides, by their schema types. */
function compareSides(
  a: ResolvedSide,
  b: ResolvedSide,
  policy: CompatibilityPolicy | undefined,
): Pick<DiffReport, 'changes' | 'differences' | 'policy' | 'contractChanges' | 'verdicts'> {
  if (a.schemaType === 'AVRO' && b.schemaType === 'AVRO') {
    const { changes, verdicts } = compareSchemas(a.parsed, b.parsed)
    return { changes, contractChanges: diffContracts(a.contract ?? {}, b.contract ?? {}, { schemas: { a: a.parsed, b: b.parsed } }), verdicts }
  }
  const contractChanges = diffContracts(a.contract ?? {}, b.contract ?? {})
  // Both Avro returned above: an Avro side here is paired with another type.
  if (a.schemaType === 'AVRO' || b.schemaType === 'AVRO' || a.schemaType !== b.schemaType)
    return { changes: [], differences: [], contractChanges, verdicts: mixedTypeVerdicts() }
  const judged = a.schemaType === 'JSON' ? (policy ?? 'STRICT') : undefined
  const { differences, verdicts } = compareFormatSides(a.schemaType, { ...a.schema, where: whereOf(a) }, { ...b.schema, where: whereOf(b) }, judged)
  return { changes: [], differences, ...(judged !== undefined ? { policy: judged } : {}), contractChanges, verdicts }
}

/** The registry's policy for a JSON Schema subject side (b's, then a's), if it sets one. */
async function registryPolicy(client: RegistryClient, sides: readonly ResolvedSide[]): Promise<CompatibilityPolicy | undefined> {
  if (!sides.every((s) => s.schemaType === 'JSON')) return undefined
  for (const side of [sides[1], sides[0]]) {
    if (side.source.kind !== 'registry' || side.source.subject === undefined) continue
    const config = await client.getConfig(side.source.subject, { defaultToGlobal: true })
    const policy = typeof config.compatibilityPolicy === 'string' ? config.compatibilityPolicy.toUpperCase() : undefined
    if (policy === 'STRICT' || policy === 'LENIENT') return policy
  }
  return undefined
}

function whereOf(side: ResolvedSide): string {
  const s = side.source
  return s.file ?? (s.kind === 'id' ? `schema id ${s.id}` : `${s.subject} version ${s.version}`)
}

/** The text a line diff compares: Avro's canonical form and JSON Schema's stored form pretty-printed, a `.proto` file's canonical text. */
function prettyText(side: ResolvedSide): string {
  if (side.schemaType === 'AVRO') return JSON.stringify(JSON.parse(side.parsed.canonical), null, 2)
  const format = formatFor(side.schemaType)!
  const parsed = format.parse(side.schema.text, side.schema.dependencies)
  const canonical = parsed.ok ? format.canonical(parsed.value) : side.schema.text
  return side.schemaType === 'JSON' ? JSON.stringify(JSON.parse(canonical), null, 2) : canonical
}
