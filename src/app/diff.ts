/** `schemactl diff`: the semantic difference between two schemas and whether each reads the other. */
import { compareSchemas, type DiffLevel, type SchemaChange, type DiffVerdict } from '../engine/diff/index.js'
import { UsageError } from '../errors.js'
import { diffLines, type DiffLine } from './diff-lines.js'
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
}

/** The result of `schemactl diff` (the `--json` result). */
export interface DiffReport {
  a: SideSource
  b: SideSource
  /** Semantic changes from a to b, each with its JSON Pointer. */
  changes: SchemaChange[]
  /** BACKWARD (b reads a's data), FORWARD (a reads b's data), FULL. */
  verdicts: DiffVerdict[]
  /** With `lines`: the line diff of the pretty-printed canonical forms. */
  lines?: DiffLine[]
  /** 1 when `failOn` is given and that level fails, else 0. */
  exitCode: 0 | 1
}

/**
 * Reads both sides (through `registry` when a side is a registry subject version or id), diffs
 * them and judges compatibility. Throws InputError (exit 5) for an unreadable or invalid side,
 * registry errors (exit 4) for a missing registry subject, version or id.
 */
export async function diffSchemaSides(options: DiffOptions, registry?: RegistryContext): Promise<DiffReport> {
  const specs = [options.a, options.b].map((spec) => ({ spec, side: parseSideSpec(spec) }))
  const remote = specs.filter(({ side }) => side.kind === 'registry' || side.kind === 'id')
  let read: ResolvedSide[]
  if (remote.length === 0) read = await Promise.all(specs.map(({ spec, side }) => readLocalSide(spec, side as LocalSide)))
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
      return Promise.all(specs.map(({ spec, side }) => (side.kind === 'registry' || side.kind === 'id' ? readRegistrySide(client, parse, spec, side) : readLocalSide(spec, side))))
    })
  }
  return diffResolvedSides(read[0], read[1], options)
}

/** Diffs two sides already read (as `schemactl browse` reads registry and workspace versions) and judges compatibility. */
export function diffResolvedSides(a: ResolvedSide, b: ResolvedSide, options: Pick<DiffOptions, 'lines' | 'failOn'> = {}): DiffReport {
  const { changes, verdicts } = compareSchemas(a.parsed, b.parsed)
  const failed = options.failOn !== undefined && verdicts.some((v) => v.level === options.failOn && !v.compatible)
  return {
    a: a.source,
    b: b.source,
    changes,
    verdicts,
    ...(options.lines ? { lines: diffLines(prettyCanonical(a), prettyCanonical(b)) } : {}),
    exitCode: failed ? 1 : 0,
  }
}

function prettyCanonical(side: ResolvedSide): string {
  return JSON.stringify(JSON.parse(side.parsed.canonical), null, 2)
}
