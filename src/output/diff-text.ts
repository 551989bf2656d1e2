import { Chalk, type ChalkInstance } from 'chalk'
import type { DiffReport } from '../app/diff/diff.js'
import type { DiffLine } from '../app/diff/lines.js'
import type { SideSource } from '../app/diff/sides.js'
import { readVerdictMessages } from '../engine/compat/index.js'
import type { DiffLevel, SchemaChange } from '../engine/diff/index.js'

/** How `renderDiffText` draws: colours only for a terminal that wants them. */
export interface DiffTextOptions {
  color: boolean
}

/** Unchanged lines shown around each changed one in the canonical line diff. */
const CONTEXT = 3

const DIRECTIONS: Record<DiffLevel, [string, string]> = {
  BACKWARD: ['the new schema reads data written with the old one', 'the new schema cannot read data written with the old one'],
  FORWARD: ['the old schema reads data written with the new one', 'the old schema cannot read data written with the new one'],
  FULL: ['each reads data written with the other', 'not both ways'],
}

/**
 * Renders a diff for people: the two sides, one line per change (`+` added, `-` removed,
 * `~` changed, then its JSON Pointer and message), with `lines` the canonical line diff, and
 * one verdict line per level with the registry's differences (type, path, sentence) under a failing one. Pure.
 */
export function renderDiffText(report: DiffReport, options: DiffTextOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 })
  const out = [c.dim(`--- a: ${describeSide(report.a)}`), c.dim(`+++ b: ${describeSide(report.b)}`), '']
  if (report.differences !== undefined) out.push(...renderDifferences(report, c))
  else {
    const width = Math.min(40, Math.max(6, ...report.changes.map((change) => pointer(change).length)))
    if (report.changes.length === 0) out.push(c.dim('No semantic changes.'))
    for (const change of report.changes) out.push(renderChange(change, width, c))
  }
  // Data-contract changes (tags, properties, rules) beside the schema's, when there are any.
  const contractChanges = report.contractChanges ?? []
  if (contractChanges.length > 0) {
    const contractWidth = Math.min(40, Math.max(6, ...contractChanges.map((change) => pointer(change).length)))
    out.push('', c.bold('Data contract:'))
    for (const change of contractChanges) out.push(renderChange(change, contractWidth, c))
  }
  if (report.lines !== undefined) {
    out.push('', c.bold('Canonical form:'))
    for (const line of withContext(report.lines)) {
      const text = line === undefined ? '  …' : `${line.op} ${line.text}`
      out.push(line?.op === '+' ? c.green(text) : line?.op === '-' ? c.red(text) : c.dim(text))
    }
  }
  out.push('')
  for (const verdict of report.verdicts) {
    const [yes, no] = DIRECTIONS[verdict.level]
    const mark = verdict.compatible ? c.green('✓ compatible') : c.red('✗ incompatible')
    out.push(`${c.bold(verdict.level.padEnd(8))} ${mark}  ${c.dim(verdict.compatible ? yes : no)}`)
    for (const message of verdict.messages) out.push(`    ${readableMessage(message, c)}`)
  }
  return out.join('\n')
}

/** A verdict message as `TYPE  path  sentence` when it is the registry's `{errorType:…}` text (it says type and path in prose again); else as it is. */
function readableMessage(message: string, c: ChalkInstance): string {
  const [d] = readVerdictMessages([message]).differences
  if (d === undefined) return message
  return [c.red(d.type), ...(d.path === undefined ? [] : [c.dim(d.path === '' ? '/' : d.path)]), d.description].join('  ')
}

/**
 * JSON Schema and Protobuf differences as the registry reports them: one line each with its path,
 * type and whether it is compatible (under the policy, for JSON Schema, named first).
 */
function renderDifferences(report: DiffReport, c: ChalkInstance): string[] {
  const differences = report.differences ?? []
  if (report.bSchemaType !== undefined) return [c.red(`Different schema types: a is ${report.schemaType}, b is ${report.bSchemaType}.`)]
  const out = report.policy !== undefined ? [c.dim(`JSON Schema, ${report.policy} policy`)] : []
  if (differences.length === 0) return [...out, c.dim('No differences.')]
  const width = Math.min(48, Math.max(6, ...differences.map((d) => d.path.length)))
  const typeWidth = Math.min(44, Math.max(...differences.map((d) => d.type.length)))
  for (const d of differences) {
    const [sign, paint] = d.type.endsWith('_ADDED') ? ['+', c.green] : d.type.endsWith('_REMOVED') ? ['-', c.red] : ['~', c.yellow]
    out.push(
      `${paint(sign)} ${c.cyan(d.path.padEnd(width))}  ${paint(d.type.padEnd(typeWidth))}  ${d.compatible ? c.dim('compatible') : c.red('incompatible')}`,
    )
  }
  return out
}

/** Lines within CONTEXT of a change; each run of other unchanged lines becomes one `undefined` (shown as …). */
function withContext(lines: readonly DiffLine[]): (DiffLine | undefined)[] {
  const shown = new Uint8Array(lines.length)
  lines.forEach((line, i) => {
    if (line.op !== ' ') shown.fill(1, Math.max(0, i - CONTEXT), i + CONTEXT + 1)
  })
  const out: (DiffLine | undefined)[] = []
  lines.forEach((line, i) => {
    if (shown[i]) out.push(line)
    else if (out[out.length - 1] !== undefined || out.length === 0) out.push(undefined)
  })
  return out
}

function renderChange(change: SchemaChange, width: number, c: ChalkInstance): string {
  const [sign, paint] = change.kind.endsWith('_ADDED') ? ['+', c.green] : change.kind.endsWith('_REMOVED') ? ['-', c.red] : ['~', c.yellow]
  return `${paint(sign)} ${c.cyan(pointer(change).padEnd(width))}  ${paint(change.kind.padEnd(20))}  ${change.message}`
}

/** The root pointer is empty; show it so the column never looks blank. */
function pointer(change: SchemaChange): string {
  return change.path === '' ? '(root)' : change.path
}

function describeSide(side: SideSource): string {
  switch (side.kind) {
    case 'file':
      return side.file! + (side.contractFile ? `, contract ${side.contractFile}` : '')
    case 'workspace':
      return `${side.spec} (${side.file}${side.contractFile ? `, contract ${side.contractFile}` : ''})`
    case 'id':
      return `schema id ${side.id}${side.contractFile ? `, contract ${side.contractFile}` : ''}`
    case 'registry':
      return `${side.subject} version ${side.version} (registry${side.contractFile ? `; contract ${side.contractFile}` : ''})`
  }
}
