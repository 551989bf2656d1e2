/**
 * Text of the rows `schemactl browse` draws: subject and version rows fitted to a width, short
 * level and mode names, dates, the help lines. Pure, so the view stays a layout of strings.
 */
import { prettyText, supportOf } from '../../app/browse/schema-types.js'
import type { SubjectSummary, VersionSchema } from '../../app/browse/source.js'
import { highlightLines, type Token } from './highlight.js'
import { KEY_BINDINGS } from './keys.js'
import type { Loadable } from './store.js'

const SHORT_LEVELS: Record<string, string> = {
  NONE: 'NONE',
  BACKWARD: 'BWD',
  BACKWARD_TRANSITIVE: 'BWD-T',
  FORWARD: 'FWD',
  FORWARD_TRANSITIVE: 'FWD-T',
  FULL: 'FULL',
  FULL_TRANSITIVE: 'FULL-T',
}
const SHORT_MODES: Record<string, string> = { READWRITE: 'RW', READONLY: 'RO', READONLY_OVERRIDE: 'RO!', IMPORT: 'IMP', FORWARD: 'FWD' }
const SHORT_TYPES: Record<string, string> = { AVRO: 'AVRO', JSON: 'JSON', PROTOBUF: 'PROTO' }

/** A subject row: the name and the details column, together exactly `width` characters. */
export interface SubjectRowText {
  name: string
  details: string
  /** The level is inherited (drawn dimmer). */
  inherited: boolean
}

/** The least room a subject name keeps before detail columns are dropped (mode first: the versions pane shows it too). */
const MIN_NAME = 20

/** Fits a subject row into `width`: type, latest version, level and mode, as many as leave the name MIN_NAME characters. */
export function subjectRowText(name: string, summary: Loadable<SubjectSummary> | undefined, width: number): SubjectRowText {
  const columns = [5, 6, 6, 3]
  let kept = columns.length
  while (kept > 0 && width - columns.slice(0, kept).reduce((sum, w) => sum + w + 1, 0) < MIN_NAME) kept--
  let values: string[]
  if (summary === undefined || summary.state === 'loading') values = ['…', '', '', '']
  else if (summary.state === 'error') values = ['!', '', '', '']
  else {
    const s = summary.value
    values = [
      SHORT_TYPES[s.schemaType] ?? s.schemaType,
      `v${s.latest}`,
      s.level ? (SHORT_LEVELS[s.level] ?? s.level) : '—',
      s.mode ? (SHORT_MODES[s.mode] ?? s.mode) : '—',
    ]
  }
  const details = values
    .slice(0, kept)
    .map((value, i) => ' ' + fit(value, columns[i]))
    .join('')
  const inherited = summary?.state === 'ok' && summary.value.levelSource === 'global'
  return { name: fitMiddle(name, width - details.length), details, inherited }
}

/** The selected subject's settings, spelled out: `AVRO · latest v3 · BACKWARD (global) · READWRITE`. */
export function summaryLine(summary: Loadable<SubjectSummary> | undefined): string {
  if (summary === undefined || summary.state === 'loading') return 'loading…'
  if (summary.state === 'error') return summary.error
  const s = summary.value
  const from = (source: string | undefined) => (source === 'global' ? ' (global)' : source === 'config' ? ' (config)' : '')
  const parts = [s.schemaType, s.deleted ? `every version soft-deleted (newest v${s.latest})` : `latest v${s.latest}`]
  if (s.level) parts.push(`${s.level}${from(s.levelSource)}`)
  if (s.mode) parts.push(`${s.mode}${from(s.modeSource)}`)
  return parts.join(' · ')
}

/** A version row: mark, number, id and date where known, and the deleted flag, fitted to `width`. */
export function versionRowText(version: number, deleted: boolean, marked: boolean, schema: Loadable<VersionSchema> | undefined, width: number): string {
  const value = schema?.state === 'ok' ? schema.value : undefined
  const id = value?.id !== undefined ? `id ${value.id}` : ''
  const date = value?.registeredAt !== undefined ? formatDate(value.registeredAt, width >= 44) : ''
  const text = `${marked ? '*' : ' '}v${String(version).padEnd(4)} ${id.padEnd(9)} ${date}${deleted ? ' deleted' : ''}`
  return fit(text.trimEnd(), width)
}

/** `2026-12-01 14:03` (UTC; without the time when narrow). */
export function formatDate(ms: number, withTime: boolean): string {
  const iso = new Date(ms).toISOString()
  return withTime ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10)
}

const rendered = new WeakMap<VersionSchema, Token[][]>()

/** The schema's text pretty-printed and highlighted for its type (computed once per schema). */
export function schemaLines(schema: VersionSchema): Token[][] {
  let lines = rendered.get(schema)
  if (lines === undefined) {
    const syntax = supportOf(schema.schemaType).syntax
    lines = highlightLines(printable(prettyText(schema.schema, syntax)), syntax)
    rendered.set(schema, lines)
  }
  return lines
}

/** The lines of the help screen: every key binding, then how to read the panes. */
export function helpLines(writable: boolean): string[] {
  const lines = KEY_BINDINGS.map((b) => `  ${b.keys.padEnd(12)} ${b.help}${b.write ? (writable ? '' : ' (needs --write)') : ''}`)
  return [
    ...lines,
    '',
    '  Subject rows: name, type, latest version, compatibility level and mode (dim: inherited).',
    '  Levels: BWD backward, FWD forward, FULL, -T transitive, NONE. Modes: RW read-write, RO read-only, IMP import.',
    '  Versions: * marked for a diff; ids and dates where the registry reports them (UTC).',
  ]
}

// C0 and C1 controls and DEL, ESC included.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g
const SGR_OR_CONTROL = /(\u001b\[[0-9;]*m)|[\u0000-\u001f\u007f-\u009f]/g

/**
 * `text` safe to write to the terminal: a control character in what a registry or a file sent (a
 * subject name, a comment in a .proto, an error message) could move the cursor, retitle the window
 * or write the clipboard, so each becomes �. Tabs become spaces, CRLF a line break. With `keepSgr`,
 * colour codes stay (the renderers' own, or at worst a colour).
 */
export function printable(text: string, keepSgr = false): string {
  const clean = text.replace(/\r\n/g, '\n').replace(/\t/g, '  ')
  return keepSgr
    ? clean.replace(SGR_OR_CONTROL, (match, sgr) => (sgr !== undefined || match === '\n' ? match : '\ufffd'))
    : clean.replace(CONTROLS, (c) => (c === '\n' ? c : '\ufffd'))
}

/** `text` cut or padded to exactly `width` characters (cut text ends with …); control characters shown as �. */
export function fit(text: string, width: number): string {
  if (width <= 0) return ''
  text = printable(text)
  if (text.length > width) return text.slice(0, Math.max(0, width - 1)) + '…'
  return text.padEnd(width)
}

/** Like `fit`, cutting the middle: names that share a long prefix stay told apart by their ends. */
export function fitMiddle(text: string, width: number): string {
  if (width <= 0) return ''
  text = printable(text)
  if (text.length <= width) return text.padEnd(width)
  if (width < 5) return fit(text, width)
  const head = Math.ceil((width - 1) / 2)
  return text.slice(0, head) + '…' + text.slice(text.length - (width - 1 - head))
}

const SGR = /(\u001b\[[0-9;]*m)/

/**
 * `line` wrapped at spaces into lines of at most `width` visible characters (a word longer than a
 * line is cut), continuation lines indented by `hang` spaces. Colour codes (SGR) take no room; a
 * continuation line starts with every code met so far on the line (applied in order, they give the
 * colour in force where it was cut), and a cut line ends with a reset so its colour does not run on.
 */
export function wrapLine(line: string, width: number, hang = 2): string[] {
  if (width < 8) return [line]
  hang = Math.min(hang, Math.floor(width / 2))
  const out: string[] = []
  let codes = ''
  let current = ''
  let visible = 0
  const breakLine = () => {
    out.push(codes === '' ? current.trimEnd() : current.trimEnd() + '\u001b[0m')
    current = ' '.repeat(hang) + codes
    visible = hang
  }
  for (const part of line.split(SGR)) {
    if (SGR.test(part)) {
      codes += part
      current += part
      continue
    }
    for (let word of part.split(/(?<= )/)) {
      if (visible + word.trimEnd().length > width && visible > hang) breakLine()
      if (visible === hang && out.length > 0) word = word.trimStart()
      while (visible + word.trimEnd().length > width) {
        const room = width - visible
        current += word.slice(0, room)
        word = word.slice(room)
        visible += room
        breakLine()
      }
      current += word
      visible += word.length
    }
  }
  out.push(current)
  return out
}

/** The lines of a help or text overlay as drawn in `width` columns (wrapped). */
export function overlayLines(overlay: { kind: 'help' } | { kind: 'text'; lines: string[] }, writable: boolean, width: number): string[] {
  // Help lines hang under their description; other text under its first word.
  if (overlay.kind === 'help') return helpLines(writable).flatMap((line) => wrapLine(line, width, 15))
  return overlay.lines.flatMap((line) => printable(line, true).split('\n')).flatMap((line) => wrapLine(line, width, 4))
}
