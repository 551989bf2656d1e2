/** Text renderers of the registry commands' results (pure: result and style → string). */
import type { CompatReport } from '../app/check/compat.js'
import type { ConfigShowResult } from '../app/config/show.js'
import type { DeleteResult } from '../app/registry/delete.js'
import type { LookupResult } from '../app/registry/lookup.js'
import type { SchemaByIdResult, SubjectDetail, SubjectList, SubjectSchemaResult, VersionList } from '../app/registry/read.js'
import type { CompatibilityChange, CompatibilitySetting, ConfigField, ConfigFields, ModeRemoval, ModeSetting } from '../app/registry/config.js'
import { CONFIG_FIELDS } from '../registry/types.js'
import type { RegisterResult, RegistrationOutcome } from '../app/register/schema.js'
import { contractLines } from './contract-text.js'
import type { Style } from './style.js'
import { refusingVersion, verdictLines, type VerdictTextOptions } from './verdict-text.js'
import { wrapLine } from './wrap.js'

/** One subject per line; with `--long` (details), a table, or a sentence when there are none. */
export function renderSubjectList(r: SubjectList, c: Style): string {
  if (!r.subjects.length) return renderNoSubjects(r.registry, c)
  if (r.details === undefined) return r.subjects.join('\n')
  const widths = subjectTableWidths(r.details)
  return [renderSubjectTableHeading(widths, c), renderSubjectRows(r.details, widths)].join('\n')
}

/** What `list` prints for a registry without (matching) subjects. */
export function renderNoSubjects(registry: string, c: Style): string {
  return c.dim(`No subjects in registry ${registry}.`)
}

const SUBJECT_HEADINGS = ['SUBJECT', 'TYPE', 'LATEST', 'ID', 'LEVEL', 'MODE']

/** The `list --long` table's column widths that fit `details` (and the headings). */
export function subjectTableWidths(details: readonly SubjectDetail[]): number[] {
  const widths = SUBJECT_HEADINGS.map((h) => h.length)
  for (const d of details) subjectCells(d).forEach((cell, i) => (widths[i] = Math.max(widths[i]!, cell.length)))
  return widths
}

/** The `list --long` table's heading line. */
export function renderSubjectTableHeading(widths: readonly number[], c: Style): string {
  return c.bold(tableLine(SUBJECT_HEADINGS, widths))
}

/** Rows of the `list --long` table, one per subject, at `widths` (a wider cell pushes the rest of its row right). */
export function renderSubjectRows(details: readonly SubjectDetail[], widths: readonly number[]): string {
  return details.map((d) => tableLine(subjectCells(d), widths)).join('\n')
}

function subjectCells(d: SubjectDetail): string[] {
  return [
    d.subject,
    d.schemaType ?? '-',
    d.latestVersion === undefined ? '-' : String(d.latestVersion),
    d.latestId === undefined ? '-' : String(d.latestId),
    d.level + (d.levelSource === 'global' ? ' (global)' : ''),
    d.mode + (d.modeSource === 'global' ? ' (global)' : ''),
  ]
}

function tableLine(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')
}

/** One version per line; with `--long` (details), its id, type and references, and its data contract in indented lines under it. */
export function renderVersionList(r: VersionList, c: Style): string {
  if (r.details === undefined) return r.versions.join('\n')
  const width = Math.max(...r.details.map((d) => String(d.version).length))
  return r.details
    .flatMap((d) => {
      const refs = d.references?.length ? `, references ${d.references.map((x) => `${x.name} → ${x.subject} v${x.version}`).join(', ')}` : ''
      const head = `${String(d.version).padStart(width)}  id ${d.id}, ${d.schemaType}${refs}${d.deleted === true ? c.yellow(' (deleted)') : ''}`
      return [head, ...contractLines(d, c, ' '.repeat(width + 2))]
    })
    .join('\n')
}

/** The schema text alone (so it can be piped), or a sentence when it went to a file. */
export function renderSubjectSchema(r: SubjectSchemaResult): string {
  if (r.output !== undefined) return `Wrote ${r.subject} version ${r.version} (id ${r.id}) to ${r.output}.`
  return r.schema
}

/** A one-line description of a schema's identity, for stderr beside the piped schema. */
export function describeSubjectSchema(r: SubjectSchemaResult, c: Style): string {
  const refs = r.references.length ? `, references ${r.references.map((x) => `${x.name} → ${x.subject} v${x.version}`).join(', ')}` : ''
  return c.dim(`${r.subject} version ${r.version}, id ${r.id}, ${r.schemaType}${refs}`)
}

/**
 * A schema's data contract (metadata, then one line per rule), for stderr beside the piped
 * schema; empty when it has none.
 */
export function describeContract(r: { metadata?: unknown; ruleSet?: unknown }, c: Style): string {
  return contractLines(r, c).join('\n')
}

/** The schema text. */
export function renderSchemaById(r: SchemaByIdResult): string {
  return r.schema
}

/** Where an id is used, for stderr beside the piped schema. */
export function describeSchemaById(r: SchemaByIdResult, c: Style): string {
  const used = r.usedBy?.length
    ? `used by ${r.usedBy.map((u) => `${u.subject} v${u.version}`).join(', ')}`
    : r.usedBy
      ? 'not used by any live subject version'
      : r.usedBySubjects
        ? `used by ${r.usedBySubjects.join(', ') || 'no subject'}`
        : 'the registry cannot list its subjects'
  return [c.dim(`id ${r.id}, ${r.schemaType}, ${used}`), ...contractLines(r, c)].join('\n')
}

/** Registered or not, and as what. */
export function renderLookup(r: LookupResult, c: Style): string {
  if (r.registered) return `${c.green('✓')} ${r.file} is registered under ${r.subject} as version ${r.version} (id ${r.id}).`
  if (r.subjectMissing) return `${c.red('✗')} Subject ${r.subject} does not exist in registry ${r.registry}.`
  return `${c.red('✗')} ${r.file} is not registered under ${r.subject}${r.reason ? `: ${r.reason}` : ''}.`
}

/** The verdict, then each reason on its own line (see verdictLines; `options`: terminal width, raw messages under `--debug`). */
export function renderCompat(r: CompatReport, c: Style, options: VerdictTextOptions = {}): string {
  const group = r.group
    ? ` in compatibility group ${r.group.property}=${r.group.value ?? '(none)'} (${r.group.versions.length ? `versions ${r.group.versions.join(', ')}` : 'no version yet'})`
    : ''
  const against = r.against === 'all' ? `the versions its level selects${r.level ? ` (${r.level})` : ''}${group}` : `version ${r.against}`
  const by = r.decidedBy === 'local' ? ' (decided locally)' : ''
  if (r.newSubject) return `${c.green('✓')} ${r.subject} does not exist yet: ${r.file} is compatible (it would be version 1)${by}.`
  if (r.compatible) return `${c.green('✓')} ${r.file} is compatible with ${r.subject}, ${against}${by}.`
  const refusing = r.against === 'all' ? refusingVersion(r.differences) : undefined
  const subject = refusing === undefined ? `${r.subject}, ${against}` : `${r.subject} version ${refusing}, of ${against}`
  const lines = [wrapLine(`${c.red('✗')} ${r.file} is incompatible with ${subject}${by}:`, options.width, '  ')]
  lines.push(...verdictLines(r, c, '  ', options))
  if (!r.explained) lines.push(c.dim('  The registry gave no reasons (no verbose support); try --local.'))
  return lines.join('\n')
}

/** The level and whether it is the subject's own, then one line per other config field (contract values as compact lines under it). */
export function renderCompatibilitySetting(r: CompatibilitySetting, c: Style): string {
  const head =
    r.subject === undefined
      ? `Global compatibility level: ${c.bold(r.level)}`
      : `${r.subject}: ${c.bold(r.level)}${r.source === 'global' ? c.dim(' (inherited from the global level)') : ''}`
  return [head, ...configFieldLines(r, c, r.inherited ?? [])].join('\n')
}

/** What changed: the level, then each other field set. */
export function renderCompatibilityChange(r: CompatibilityChange, c: Style): string {
  const scope = r.subject === undefined ? 'Global compatibility level' : `Compatibility level of ${r.subject}`
  if (r.level === null && r.subject === undefined) return `${scope} reset to the registry's default${r.previous ? ` (was ${r.previous})` : ''}.`
  if (r.level === null) return `${scope} removed${r.previous ? ` (was ${r.previous})` : ''}; it now inherits the global level.`
  const lines = r.level === undefined ? [] : [`${scope} set to ${c.bold(r.level)}.`]
  if (r.fields !== undefined) {
    lines.push(`${r.subject === undefined ? 'Global config' : `Config of ${r.subject}`}: set ${Object.keys(r.fields).join(', ')}.`)
    lines.push(...configFieldLines(r.fields, c, []))
  }
  return lines.join('\n')
}

/** `  field  value` lines for the config fields beside the level; metadata and rule sets as indented contract lines. */
function configFieldLines(fields: ConfigFields, c: Style, inherited: readonly ConfigField[]): string[] {
  const lines: string[] = []
  for (const field of CONFIG_FIELDS) {
    const value = fields[field]
    if (value == null) continue
    const from = inherited.includes(field) ? c.dim(' (global)') : ''
    if (field.endsWith('Metadata') || field.endsWith('RuleSet')) {
      const nested = field.endsWith('Metadata') ? contractLines({ metadata: value }, c, '    ') : contractLines({ ruleSet: value }, c, '    ')
      lines.push(`  ${field}${from}:`, ...nested)
    } else lines.push(`  ${field}: ${c.bold(typeof value === 'string' ? value : JSON.stringify(value))}${from}`)
  }
  return lines
}

/** The mode and whether it is the subject's own. */
export function renderMode(r: ModeSetting | ModeRemoval, c: Style): string {
  const was = 'removed' in r && r.previous !== undefined ? ` (was ${r.previous})` : ''
  if ('removed' in r)
    return r.subject === undefined
      ? `Global mode reset to the registry's default${was}.`
      : `Mode of ${r.subject} removed${was}; it now inherits the global mode.`
  if (r.subject === undefined) return `Global mode: ${c.bold(r.mode)}`
  return `${r.subject}: ${c.bold(r.mode)}${r.source === 'global' ? c.dim(' (inherited from the global mode)') : ''}`
}

/** What was deleted. */
export function renderDelete(r: DeleteResult): string {
  const how = r.permanent ? 'Permanently deleted' : 'Soft-deleted'
  return `${how} ${r.subject} version${r.versions.length === 1 ? '' : 's'} ${r.versions.join(', ')}.`
}

function against(version: number | undefined): string {
  return version === undefined ? '' : ` against version ${version}`
}

function statusLabel(status: RegistrationOutcome['status'], c: Style): string {
  const labels: Record<RegistrationOutcome['status'], string> = {
    registered: c.green('registered    '),
    existing: c.dim('existing      '),
    incompatible: c.red('incompatible  '),
    planned: c.cyan('would register'),
    blocked: c.yellow('blocked       '),
    conflict: c.red('conflict      '),
  }
  return labels[status]
}

/**
 * One line per version (registered with its number and id, otherwise with its file), the reasons
 * under it (an incompatible version's as verdictLines), and a summary. `options`: terminal width,
 * raw registry messages under `--debug`.
 */
export function renderRegister(r: RegisterResult, c: Style, options: VerdictTextOptions = {}): string {
  const lines: string[] = []
  let said = ''
  for (const o of r.outcomes) {
    const where = o.version !== undefined ? ` version ${o.version}, id ${o.id}` : ` (${o.file})`
    lines.push(
      wrapLine(
        `${statusLabel(o.status, c)} ${o.subject}${where}${o.status === 'incompatible' ? against(refusingVersion(o.differences)) : ''}`,
        options.width,
        '    ',
      ),
    )
    // The same reasons for the next version (every one blocked for one cause) are said once.
    const messages = (o.messages ?? []).join('\n')
    if (messages !== said) lines.push(...verdictLines(o, c, '    ', options))
    said = messages
  }
  const count = (s: RegistrationOutcome['status']) => r.outcomes.filter((o) => o.status === s).length
  const conflicts = count('conflict') ? `, ${count('conflict')} in conflict with the registry` : ''
  const summary = r.dryRun
    ? `Dry run: ${count('planned')} to register, ${count('existing')} already registered, ${count('incompatible')} incompatible${conflicts}.`
    : `${count('registered')} registered, ${count('existing')} already registered, ${count('incompatible')} incompatible${conflicts}${count('blocked') ? `, ${count('blocked')} blocked` : ''}.`
  if (r.outcomes.length > 1 || r.dryRun) lines.push(summary)
  return lines.join('\n')
}

/** Where the configuration comes from, the connection, then the file's settings as JSON. */
export function renderConfigShow(r: ConfigShowResult, c: Style): string {
  const conn = r.registry
  const lines = [
    `Config file: ${r.file ?? c.dim('none (defaults)')}`,
    `Registry:    ${conn.urls.join(', ')} ${c.dim(`(from ${conn.profile ? `profile ${conn.profile}, ` : ''}${conn.source})`)}`,
    `Auth:        ${
      conn.auth
        ? Object.entries(conn.auth)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')
        : 'none'
    }`,
    `TLS:         ${conn.tls.insecure ? c.yellow('verification off') : 'verified'}${conn.tls.caFile ? `, CA ${conn.tls.caFile}` : ''}${conn.tls.certFile ? `, client cert ${conn.tls.certFile}` : ''}`,
  ]
  if (Object.keys(conn.headers).length)
    lines.push(
      `Headers:     ${Object.entries(conn.headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}`,
    )
  if (conn.timeoutMs !== undefined) lines.push(`Timeout:     ${conn.timeoutMs} ms`)
  if (conn.connectTimeoutMs !== undefined) lines.push(`Connect:     ${conn.connectTimeoutMs} ms`)
  lines.push('', JSON.stringify(r.config, null, 2))
  return lines.join('\n')
}
