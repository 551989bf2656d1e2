/** `schemactl diff`: the semantic difference between two schemas and whether each reads the other. */
import { compareSchemas, type DiffLevel, type SchemaChange, type DiffVerdict } from '../engine/diff/index.js'
import { UsageError } from '../errors.js'
import { diffLines, type DiffLine } from './diff-lines.js'
import { parseSideSpec, readLocalSide, type ResolvedSide, type SideSource, type SideSpec } from './diff-sides.js'

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
  /** Reads registry sides; without it a registry side is a usage error. */
  readRegistrySide?: (spec: string, side: Extract<SideSpec, { kind: 'registry' | 'id' }>) => Promise<ResolvedSide>
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
 * Reads both sides, diffs them and judges compatibility. Throws InputError (exit 5) for an
 * unreadable or invalid side, registry errors (exit 4) for a missing registry subject, version or id.
 */
export async function diffSchemaSides(options: DiffOptions): Promise<DiffReport> {
  const [a, b] = await Promise.all([resolveSide(options.a, options), resolveSide(options.b, options)])
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

async function resolveSide(spec: string, options: DiffOptions): Promise<ResolvedSide> {
  const side = parseSideSpec(spec)
  if (side.kind === 'file' || side.kind === 'workspace') return await readLocalSide(spec, side)
  if (options.readRegistrySide === undefined) {
    throw new UsageError(`'${spec}' names a registry schema, but this build cannot read registries`, {
      code: 'REGISTRY_UNAVAILABLE',
      hint: 'Compare files or workspace versions (dir/subject@3).',
    })
  }
  return options.readRegistrySide(spec, side)
}

function prettyCanonical(side: ResolvedSide): string {
  return JSON.stringify(JSON.parse(side.parsed.canonical), null, 2)
}
