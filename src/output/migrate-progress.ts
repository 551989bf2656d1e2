/**
 * The lines of `migrate`'s live view on a terminal (pure: progress state, clock and width →
 * lines): the plan in brief, the phases with the current one marked, a progress bar, the subject
 * being copied, rate, ETA, retries and errors. Every line fits the width: a line is cut at a
 * word and ends with `…` rather than wrapping, and the figures flow onto the next line whole.
 */
import type { MigrateEvent } from '../app/migrate/migrate.js'
import type { Style } from './style.js'
import { visibleWidth } from './wrap.js'

/** What the live view knows of a run, updated by `progressAfter` from each event. */
export interface MigrateProgress {
  phase: Extract<MigrateEvent, { type: 'phase' }>['phase']
  subjects: number
  subjectsDone: number
  toCopy: number
  /** Versions written, and versions that failed. */
  done: number
  failed: number
  retries: number
  /** When copying began (the rate and ETA count from there), ms since the epoch. */
  copyStartedAt?: number
  /** The subject of the last version written or failed. */
  currentSubject?: string
  lastError?: string
  /** The plan in brief (renderPlanSummary), shown above the progress. */
  plan?: string
}

/** The state before any event. */
export const INITIAL_PROGRESS: MigrateProgress = { phase: 'reading', subjects: 0, subjectsDone: 0, toCopy: 0, done: 0, failed: 0, retries: 0 }

/** `state` after `event` at `now`; `summarize` words a plan event (undefined: no plan shown). */
export function progressAfter(
  state: MigrateProgress,
  event: MigrateEvent,
  now: number,
  summarize: (e: MigrateEvent) => string | undefined = () => undefined,
): MigrateProgress {
  switch (event.type) {
    case 'phase':
      return { ...state, phase: event.phase, ...(event.phase === 'copying' && state.copyStartedAt === undefined ? { copyStartedAt: now } : {}) }
    case 'plan': {
      const plan = summarize(event)
      return { ...state, subjects: event.subjects, toCopy: event.toCopy, ...(plan !== undefined ? { plan } : {}) }
    }
    case 'subject':
      return { ...state, subjectsDone: state.subjectsDone + 1 }
    case 'retry':
      return { ...state, retries: state.retries + 1 }
    case 'version':
      if (event.status === 'migrated') return { ...state, done: state.done + 1, currentSubject: event.subject }
      return {
        ...state,
        failed: state.failed + 1,
        currentSubject: event.subject,
        lastError: `${event.subject} version ${event.version}: ${event.error ?? 'failed'}`,
      }
  }
}

const PHASES: ReadonlyArray<[MigrateProgress['phase'], string]> = [
  ['reading', 'read'],
  ['planning', 'plan'],
  ['copying', 'copy'],
  ['settings', 'settings'],
  ['verifying', 'verify'],
]

/** The view's lines for a terminal `columns` wide, at `now`. */
export function renderMigrateProgress(state: MigrateProgress, now: number, columns: number, c: Style): string[] {
  const width = Math.max(columns, 10)
  const lines = (state.plan ?? '')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => truncate(l, width))
  lines.push(phaseLine(state.phase, width, c))
  lines.push(barLine(state, width, c))
  lines.push(truncate(`${state.subjectsDone}/${state.subjects} subjects${state.currentSubject === undefined ? '' : ` · ${state.currentSubject}`}`, width))
  const errors = `${state.failed} error${state.failed === 1 ? '' : 's'}`
  const figures = [
    rate(state, now),
    `ETA ${eta(state, now)}`,
    `${state.retries} retr${state.retries === 1 ? 'y' : 'ies'}`,
    state.failed > 0 ? c.red(errors) : errors,
  ]
  lines.push(...flow(figures, width))
  if (state.lastError !== undefined) lines.push(c.red(truncate(`last error: ${state.lastError}`, width)))
  return lines
}

/** `read › plan › [copy] › settings › verify`, the current phase marked (and bold); `restore` added while restoring. */
function phaseLine(phase: MigrateProgress['phase'], width: number, c: Style): string {
  const phases = phase === 'restoring' ? [...PHASES, ['restoring', 'restore'] as const] : PHASES
  const plain = phases.map(([p, name]) => (p === phase ? `[${name}]` : name)).join(' › ')
  if (visibleWidth(plain) > width) return truncate(`phase: ${phases.find(([p]) => p === phase)![1]}`, width)
  return phases.map(([p, name]) => (p === phase ? c.bold(c.cyan(`[${name}]`)) : c.dim(name))).join(c.dim(' › '))
}

/** `███████░░░░░ 57% 120/210 versions`: the bar takes the room the figures leave (none when too narrow). */
function barLine(state: MigrateProgress, width: number, c: Style): string {
  const finished = state.done + state.failed
  const share = state.toCopy > 0 ? Math.min(finished / state.toCopy, 1) : state.phase === 'reading' || state.phase === 'planning' ? 0 : 1
  const figures = `${Math.floor(share * 100)}% ${finished}/${state.toCopy} versions`
  const room = Math.min(width - figures.length - 1, 40)
  if (room < 10) return truncate(figures, width)
  const full = Math.round(share * room)
  return `${c.green('█'.repeat(full))}${c.dim('░'.repeat(room - full))} ${figures}`
}

/** Versions per second since copying began. */
function rate(state: MigrateProgress, now: number): string {
  const seconds = state.copyStartedAt === undefined ? 0 : (now - state.copyStartedAt) / 1000
  if (seconds <= 0) return '— versions/s'
  const perSecond = state.done / seconds
  return `${perSecond >= 10 ? perSecond.toFixed(0) : perSecond.toFixed(1)} versions/s`
}

/** The time left at the rate so far: `45 s`, `3 min 20 s`, `1 h 05 min`; `—` before anything is known. */
function eta(state: MigrateProgress, now: number): string {
  const left = state.toCopy - state.done - state.failed
  if (left <= 0) return state.toCopy > 0 ? '0 s' : '—'
  const seconds = state.copyStartedAt === undefined ? 0 : (now - state.copyStartedAt) / 1000
  if (seconds <= 0 || state.done === 0) return '—'
  const total = Math.ceil(left / (state.done / seconds))
  if (total < 60) return `${total} s`
  if (total < 3600) return `${Math.floor(total / 60)} min ${total % 60} s`
  return `${Math.floor(total / 3600)} h ${String(Math.floor((total % 3600) / 60)).padStart(2, '0')} min`
}

/** Segments joined with ` · `, a segment that does not fit starting the next line (each cut to the width). */
function flow(segments: readonly string[], width: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const segment of segments) {
    const next = current === '' ? segment : `${current} · ${segment}`
    if (visibleWidth(next) <= width || current === '') current = visibleWidth(next) <= width ? next : truncate(segment, width)
    else {
      lines.push(current)
      current = visibleWidth(segment) <= width ? segment : truncate(segment, width)
    }
  }
  if (current !== '') lines.push(current)
  return lines
}

/** `text` cut to `width` columns with `…`, at the last space when there is one in the second half (a cut line loses its colours). */
export function truncate(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text
  const chars = [...text.replace(/\x1b\[[0-9;]*m/g, '')]
  const cut = chars.slice(0, width - 1).join('')
  const space = cut.lastIndexOf(' ')
  return `${space >= width / 2 ? cut.slice(0, space) : cut}…`
}
