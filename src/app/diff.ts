/** `schemactl diff`: the semantic difference between two schemas and whether each reads the other. */
import { diffContracts } from '../engine/contracts/diff.js'
import { compareSchemas, type DiffLevel, type SchemaChange, type DiffVerdict } from '../engine/diff/index.js'
import { UsageError } from '../errors.js'
import { diffLines, type DiffLine } from './diff-lines.js'
import { readContractDocumentFile } from './contract-input.js'
import { parseSideSpec, readLocalSide, type LocalSide, type ResolvedSide, type SideSource } from './diff-sides.js'
import type { RegistryContext } from './registry-session.js'

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
}

/** The result of `schemactl diff` (the `--json` result). */
export interface DiffReport {
  a: SideSource
  b: SideSource
  /** Semantic changes from a to b, each with its JSON Pointer. */
  changes: SchemaChange[]
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
  if (remote.length === 0) read = await Promise.all(specs.map(({ spec, side }) => readLocalSide(spec, side as LocalSide, options)))
  else if (registry === undefined) throw new UsageError(`'${remote[0].spec}' names a registry schema, but no registry is given`, { code: 'REGISTRY_UNAVAILABLE', hint: 'Compare files or workspace versions (dir/subject@3).' })
  else {
    // Loaded only for a registry side: the HTTP client and TLS are start-up cost a diff of two files does not need.
    const [{ readRegistrySide }, { createRegistrySchemaParser }, { withRegistry }] = await Promise.all([
      import('./diff-registry.js'),
      import('./registry-schema.js'),
      import('./registry-session.js'),
    ])
    read = await withRegistry(registry, async (client) => {
      const parse = createRegistrySchemaParser(client)
      return Promise.all(specs.map(({ spec, side }) => (side.kind === 'registry' || side.kind === 'id' ? readRegistrySide(client, parse, spec, side) : readLocalSide(spec, side, options))))
    })
  }
  const [a, b] = read.map((side, i): ResolvedSide => {
    const override = given[i]
    return override === undefined ? side : { ...side, source: { ...side.source, contractFile: override.files[0] }, contract: override.contract }
  })
  return diffResolvedSides(a, b, options)
}

/** Diffs two sides already read (as `schemactl browse` reads registry and workspace versions): schemas, data contracts, compatibility. */
export function diffResolvedSides(a: ResolvedSide, b: ResolvedSide, options: Pick<DiffOptions, 'lines' | 'failOn'> = {}): DiffReport {
  const { changes, verdicts } = compareSchemas(a.parsed, b.parsed)
  const contractChanges = diffContracts(a.contract ?? {}, b.contract ?? {}, { schemas: { a: a.parsed, b: b.parsed } })
  const failed = options.failOn !== undefined && verdicts.some((v) => v.level === options.failOn && !v.compatible)
  return {
    a: a.source,
    b: b.source,
    changes,
    contractChanges,
    verdicts,
    ...(options.lines ? { lines: diffLines(prettyCanonical(a), prettyCanonical(b)) } : {}),
    exitCode: failed ? 1 : 0,
  }
}

function prettyCanonical(side: ResolvedSide): string {
  return JSON.stringify(JSON.parse(side.parsed.canonical), null, 2)
}
