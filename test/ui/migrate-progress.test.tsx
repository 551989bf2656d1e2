import { render } from 'ink-testing-library'
import { describe, expect, it } from 'vitest'
import type { MigrateEvent } from '../../src/app/migrate/migrate.js'
import { renderPlanSummary } from '../../src/output/migrate.js'
import { INITIAL_PROGRESS, progressAfter, renderMigrateProgress, type MigrateProgress } from '../../src/output/migrate-progress.js'
import { PLAIN_STYLE } from '../../src/output/style.js'
import { MigrateProgressView } from '../../src/ui/migrate-progress.js'

// migrate's live view, rendered from a sequence of progress events at fixed widths.

const plan: MigrateEvent = {
  type: 'plan',
  subjects: 3,
  versions: 12,
  toCopy: 10,
  present: 2,
  conflicts: 0,
  forced: [],
  forcedTotal: 0,
  ids: { min: 100001, max: 100010 },
  firstSubjects: ['com.example.very.long.namespace.customer-accounts-value'],
  firstVersions: [{ subject: 'com.example.very.long.namespace.customer-accounts-value', version: 1, id: 100001 }],
  modeChanges: ['IMPORT on the target while copying, then its previous mode back'],
  contracts: { versions: 0, dropped: false },
}
const LONG = 'com.example.very.long.namespace.customer-accounts-value'

/** The state after `events`, one a second from t=0 (copying starts at t=2 s). */
function after(events: MigrateEvent[]): { state: MigrateProgress; now: number } {
  let state = INITIAL_PROGRESS
  events.forEach((e, i) => (state = progressAfter(state, e, i * 1000, (p) => (p.type === 'plan' ? renderPlanSummary(p) : undefined))))
  return { state, now: events.length * 1000 }
}

const copying: MigrateEvent[] = [
  { type: 'phase', phase: 'reading' },
  { type: 'phase', phase: 'planning' },
  plan,
  { type: 'phase', phase: 'copying' },
  { type: 'version', subject: 'orders-value', version: 1, status: 'migrated', id: 100001 },
  { type: 'version', subject: 'orders-value', version: 2, status: 'migrated', id: 100002 },
  { type: 'subject', subject: 'orders-value', migrated: 2, present: 0, failed: 0 },
  { type: 'retry', line: 'POST /subjects/x/versions: 503, retrying in 200 ms' },
  { type: 'version', subject: LONG, version: 1, status: 'migrated', id: 100003 },
  {
    type: 'version',
    subject: LONG,
    version: 2,
    status: 'failed',
    error: 'the target refused it: Schema being registered is incompatible with an earlier schema',
  },
]

/** Every word of `line` whole: a word of the full text, or a cut one ending the line with `…`. */
function expectWholeWords(line: string, words: Set<string>): void {
  const parts = line.split(/\s+/).filter((w) => w !== '')
  parts.forEach((w, i) => {
    if ((i === parts.length - 1 && w.endsWith('…')) || /^[█░]+$/.test(w)) return
    expect(words.has(w), `"${w}" in "${line}"`).toBe(true)
  })
}

describe("migrate's live view", () => {
  it('at 120 columns: the plan, the phases with copy marked, a bar, the subject, rate, ETA, retries and errors', () => {
    const { state, now } = after(copying)
    const lines = renderMigrateProgress(state, now, 120, PLAIN_STYLE)
    expect(lines[0]).toBe('Plan: 3 subjects, 12 versions (10 to copy, 2 already present), ids 100001–100010, no conflicts')
    expect(lines).toContain('read › plan › [copy] › settings › verify')
    expect(lines).toContainEqual(expect.stringMatching(/^█{16}░{24} 40% 4\/10 versions$/))
    expect(lines).toContain(`1/3 subjects · ${LONG}`)
    // 3 versions written in the 7 s since copying began; 6 left at that rate.
    expect(lines).toContain('0.4 versions/s · ETA 14 s · 1 retry · 1 error')
    expect(lines.at(-1)).toBe(`last error: ${LONG} version 2: the target refused it: Schema being…`)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120)
  })

  it('at 40 columns: every line fits, cut at a word with … or flowed whole onto the next line', () => {
    const { state, now } = after(copying)
    const wide = renderMigrateProgress(state, now, 1000, PLAIN_STYLE)
    const words = new Set(wide.join(' ').split(/\s+/))
    const lines = renderMigrateProgress(state, now, 40, PLAIN_STYLE)
    for (const line of lines) {
      expect([...line].length, line).toBeLessThanOrEqual(40)
      expectWholeWords(line, words)
    }
    expect(lines).toContain('read › plan › [copy] › settings › verify')
    expect(lines).toContainEqual(expect.stringMatching(/^█+░+ 40% 4\/10 versions$/))
    expect(lines).toContain('0.4 versions/s · ETA 14 s · 1 retry')
    expect(lines).toContain('1 error')
    expect(lines.find((l) => l.startsWith('1/3 subjects'))).toMatch(/^1\/3 subjects · com\.example[^ ]*…$/)
    expect(lines.at(-1)).toMatch(/^last error: .*…$/)
  })

  it('follows the phases to the end: settings, verify, and restore when the target gets its modes back', () => {
    const events: MigrateEvent[] = [...copying, { type: 'phase', phase: 'settings' }, { type: 'phase', phase: 'restoring' }]
    expect(renderMigrateProgress(after(events).state, 20_000, 120, PLAIN_STYLE)).toContain('read › plan › copy › settings › verify › [restore]')
    const verifying = after([...copying, { type: 'phase', phase: 'verifying' }])
    expect(renderMigrateProgress(verifying.state, verifying.now, 120, PLAIN_STYLE)).toContain('read › plan › copy › settings › [verify]')
  })

  it('before the plan, nothing is guessed: no rate, no ETA, an empty bar', () => {
    const { state, now } = after([{ type: 'phase', phase: 'reading' }])
    const lines = renderMigrateProgress(state, now, 60, PLAIN_STYLE)
    expect(lines).toEqual([
      '[read] › plan › copy › settings › verify',
      `${'░'.repeat(40)} 0% 0/0 versions`,
      '0/0 subjects',
      '— versions/s · ETA — · 0 retries · 0 errors',
    ])
  })

  it('the ink component draws those lines, at the width given (ink-testing-library draws on 100 columns)', () => {
    const { state, now } = after(copying)
    for (const columns of [40, 100]) {
      const { lastFrame, unmount } = render(<MigrateProgressView state={state} now={now} columns={columns} />)
      expect(lastFrame()!.split('\n')).toEqual(renderMigrateProgress(state, now, columns, PLAIN_STYLE))
      unmount()
    }
  })
})
