/**
 * The state of `schemactl browse` and everything keys do to it: selection, scrolling, the filter,
 * overlays, and the requests behind them (subjects page by page; summaries of the rows on screen,
 * versions and schemas on demand). No ink here: the view renders `store.state`, and tests drive
 * the store with `press` against a real source.
 */
import pLimit from 'p-limit'
import { filterSubjects, contextsOf, createSubjectIndex, appendSubjects, narrows, type SubjectIndex } from '../../app/browse/subject-filter.js'
import type { BrowseSource, SubjectSummary, VersionKey, VersionSchema, VersionSummary, ReferencingSchema, UsedReference } from '../../app/browse/source.js'
import { MODES, type CompatibilityLevel, type Mode } from '../../registry/types.js'
import { redact } from '../../config/redact.js'
import { bindingFor, type Action, type KeyPress } from './keys.js'
import { layoutFor, paneRows, paneWidth, scrollTo, type BrowseLayout } from './layout.js'
import { overlayLines, schemaLines } from './view.js'

/** The panes, in Tab order. */
export type Pane = 'subjects' | 'versions' | 'schema'
const PANES: readonly Pane[] = ['subjects', 'versions', 'schema']

/** Something loaded on demand: in flight, there, or failed. */
export type Loadable<T> = { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; error: string }

/** A row of the references overlay; Enter goes to its subject version. */
export interface ReferenceRow {
  text: string
  target?: { subject: string; version?: number }
}

/** A choice in a picker (level, mode). `value` null removes the subject's own setting. */
export interface PickOption {
  label: string
  value: string | null
}

/** What covers the panes, if anything. */
export type Overlay =
  | { kind: 'help'; top: number }
  | { kind: 'text'; title: string; lines: string[]; top: number }
  | { kind: 'refs'; title: string; rows: ReferenceRow[]; cursor: number }
  | { kind: 'prompt'; title: string; label: string; value: string; subject: string }
  | { kind: 'pick'; title: string; options: PickOption[]; cursor: number; what: 'level' | 'mode'; subject: string }
  | { kind: 'confirm'; question: string; run: () => Promise<string> }
  | { kind: 'copy'; choices: { key: string; label: string; text: string; what: string }[] }

/** The status line: a message, or (when undefined) the key hints. */
export interface StatusMessage {
  kind: 'error' | 'info'
  text: string
}

/** Everything the view draws. */
export interface BrowseState {
  layout: BrowseLayout
  focus: Pane
  subjects: SubjectIndex
  subjectsLoading: boolean
  subjectsError?: string
  /** Undefined: every context. */
  context?: string
  contexts: string[]
  query: string
  editingFilter: boolean
  /** Positions (into `subjects.names`) of the subjects the list shows, in order. */
  shown: number[]
  subjectCursor: number
  subjectTop: number
  versionCursor: number
  versionTop: number
  schemaTop: number
  mark?: VersionKey
  overlay?: Overlay
  status?: StatusMessage
  /** Requests in flight, and what the oldest is for (changes to these alone do not notify the view). */
  busy: number
  busyLabel?: string
}

/** What the store needs besides the source. */
export interface StoreOptions {
  columns: number
  rows: number
  /** Puts text on the clipboard (OSC 52 on a terminal). */
  copy: (text: string) => void
  /** Called when the user quits. */
  quit: () => void
  /** Delay before fetching what the screen shows, so holding a key down does not fire a request per row (ms). */
  settleMs?: number
}

const SUMMARY_CONCURRENCY = 6

/** The store of one browse session. */
export class BrowseStore {
  state: BrowseState
  /** Per subject: the list row's details. */
  readonly summaries = new Map<string, Loadable<SubjectSummary>>()
  /** Per subject: its versions, newest first. */
  readonly versions = new Map<string, Loadable<VersionSummary[]>>()
  /** Per `subject@version`: the schema. */
  readonly schemas = new Map<string, Loadable<VersionSchema>>()

  private readonly listeners = new Set<() => void>()
  private readonly limit = pLimit(SUMMARY_CONCURRENCY)
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()
  private readonly busyLabels: string[] = []
  private pendingVersion?: VersionKey
  private generation = 0
  private disposed = false

  constructor(
    readonly source: BrowseSource,
    private readonly options: StoreOptions,
  ) {
    this.state = {
      layout: layoutFor(options.columns, options.rows),
      focus: 'subjects',
      subjects: createSubjectIndex(),
      subjectsLoading: true,
      contexts: [],
      query: '',
      editingFilter: false,
      shown: [],
      subjectCursor: 0,
      subjectTop: 0,
      versionCursor: 0,
      versionTop: 0,
      schemaTop: 0,
      busy: 0,
    }
  }

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Starts loading the subjects. */
  start(): void {
    void this.loadSubjects()
  }

  private listed!: () => void
  /** Resolves once the first page of subjects is in, or loading them ended (failed, or there are none). */
  readonly firstPage = new Promise<void>((resolve) => (this.listed = resolve))

  /** Stops timers; later responses are ignored. */
  dispose(): void {
    this.disposed = true
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
    this.limit.clearQueue()
  }

  /** Resolves once no request is in flight and nothing is scheduled (tests wait on it). */
  async idle(): Promise<void> {
    while (this.state.busy > 0 || this.timers.size > 0 || this.limit.activeCount + this.limit.pendingCount > 0) await new Promise((r) => setTimeout(r, 5))
  }

  // ---- what the view asks --------------------------------------------------------------------

  /** The subject under the cursor. */
  get selectedSubject(): string | undefined {
    const position = this.state.shown[this.state.subjectCursor]
    return position === undefined ? undefined : this.state.subjects.names[position]
  }

  /** The selected subject's versions, newest first, when loaded. */
  get selectedVersions(): VersionSummary[] | undefined {
    const subject = this.selectedSubject
    const entry = subject === undefined ? undefined : this.versions.get(subject)
    return entry?.state === 'ok' ? entry.value : undefined
  }

  /** The version under the versions cursor. */
  get selectedVersion(): VersionKey | undefined {
    const subject = this.selectedSubject
    const version = this.selectedVersions?.[this.state.versionCursor]
    return subject === undefined || version === undefined ? undefined : { subject, version: version.version }
  }

  /** The selected version's schema entry. */
  get selectedSchema(): Loadable<VersionSchema> | undefined {
    const key = this.selectedVersion
    return key === undefined ? undefined : this.schemas.get(schemaKey(key))
  }

  // ---- input ---------------------------------------------------------------------------------

  /** The terminal changed size. */
  resize(columns: number, rows: number): void {
    this.update({ layout: layoutFor(columns, rows) })
    this.keepCursorsVisible()
    this.scheduleVisible()
  }

  /** Handles one key press. */
  press(key: KeyPress): void {
    if (this.state.overlay) return this.pressInOverlay(this.state.overlay, key)
    if (this.state.editingFilter && this.editFilter(key)) return
    const binding = bindingFor(key)
    // A key that does nothing clears an old message, so the hints come back.
    if (binding === undefined) return this.update({ status: undefined })
    if (binding.write && !this.source.writable) {
      const why =
        this.source.kind === 'workspace' ? 'a workspace is read-only' : 'read-only: start browse with --write to change levels and modes or delete versions'
      return this.update({ status: { kind: 'info', text: why } })
    }
    this.update({ status: undefined })
    this.act(binding.action)
  }

  private act(action: Action): void {
    const s = this.state
    switch (action) {
      case 'quit':
        return this.options.quit()
      case 'help':
        return this.update({ overlay: { kind: 'help', top: 0 } })
      case 'up':
      case 'down':
      case 'pageUp':
      case 'pageDown':
      case 'top':
      case 'bottom':
        return this.move(action)
      case 'nextPane':
      case 'prevPane': {
        const next = PANES.indexOf(s.focus) + (action === 'nextPane' ? 1 : -1)
        return this.update({ focus: PANES[Math.max(0, Math.min(PANES.length - 1, next))] })
      }
      case 'open':
        return this.update({ focus: s.focus === 'subjects' ? 'versions' : 'schema' })
      case 'filter':
        return this.update({ editingFilter: true, focus: 'subjects' })
      case 'escape':
        if (s.query !== '') return this.setQuery('')
        return this.update({ mark: undefined })
      case 'context':
        return this.nextContext()
      case 'mark':
        return this.toggleMark()
      case 'diff':
        return void this.diff()
      case 'refs':
        return void this.references()
      case 'check':
        return this.askCheck()
      case 'copy':
        return this.askCopy()
      case 'level':
      case 'mode':
        return void this.pick(action)
      case 'delete':
        return this.askDelete()
      case 'reload':
        return this.reload()
    }
  }

  /** Typing into the filter; returns false for keys the panes handle (arrows, Tab). */
  private editFilter(key: KeyPress): boolean {
    const q = this.state.query
    if (key.name === 'return') this.update({ editingFilter: false })
    else if (key.name === 'escape') {
      this.update({ editingFilter: false })
      this.setQuery('')
    } else if (key.name === 'backspace') this.setQuery(q.slice(0, -1))
    else if (key.ctrl && key.input === 'u') this.setQuery('')
    else if (key.ctrl && key.input === 'c') this.options.quit()
    else if (key.name === undefined && !key.ctrl && key.input !== '') this.setQuery(q + key.input)
    else return false
    return true
  }

  private move(action: 'up' | 'down' | 'pageUp' | 'pageDown' | 'top' | 'bottom'): void {
    const s = this.state
    const layout = s.layout
    const step = (cursor: number, count: number, page: number) => {
      const to = { up: cursor - 1, down: cursor + 1, pageUp: cursor - page, pageDown: cursor + page, top: 0, bottom: count - 1 }[action]
      return Math.max(0, Math.min(count - 1, to))
    }
    if (s.focus === 'subjects') {
      const rows = paneRows(layout.subjects)
      const cursor = step(s.subjectCursor, s.shown.length, rows)
      if (cursor === s.subjectCursor) return
      this.update({ subjectCursor: cursor, subjectTop: scrollTo(s.subjectTop, cursor, rows, s.shown.length), versionCursor: 0, versionTop: 0, schemaTop: 0 })
      this.pendingVersion = undefined
      this.scheduleVisible()
    } else if (s.focus === 'versions') {
      const count = this.selectedVersions?.length ?? 0
      const rows = this.versionRows()
      const cursor = step(s.versionCursor, count, rows)
      if (cursor === s.versionCursor) return
      this.update({ versionCursor: cursor, versionTop: scrollTo(s.versionTop, cursor, rows, count), schemaTop: 0 })
      this.scheduleVisible()
    } else {
      const lines = this.schemaLineCount()
      const rows = paneRows(layout.schema) - 1
      const top = step(s.schemaTop, Math.max(1, lines - rows + 1), rows)
      this.update({ schemaTop: top })
    }
  }

  /** Lines of the versions list (the pane's first line shows the subject's settings). */
  versionRows(): number {
    return Math.max(1, paneRows(this.state.layout.versions) - 1)
  }

  /** Lines of the selected schema as shown (pretty-printed). */
  schemaLineCount(): number {
    const entry = this.selectedSchema
    return entry?.state === 'ok' ? schemaLines(entry.value).length : 0
  }

  // ---- the subject list ----------------------------------------------------------------------

  private async loadSubjects(): Promise<void> {
    const generation = this.generation
    this.update({ subjectsLoading: true, subjectsError: undefined })
    await this.request(
      'loading subjects',
      async () => {
        await this.source.loadSubjects((page) => {
          if (this.disposed || generation !== this.generation) return
          const subjects = appendSubjects(this.state.subjects, page)
          const start = subjects.names.length - page.length
          const added = filterSubjects(subjects, this.state.query, { context: this.state.context }).filter((i) => i >= start)
          this.update({ subjects, shown: [...this.state.shown, ...added], contexts: contextsOf(subjects.names) })
          this.scheduleVisible()
          this.listed()
        })
      },
      (error) => this.update({ subjectsError: error }),
    )
    if (generation === this.generation) this.update({ subjectsLoading: false })
    this.listed()
  }

  private setQuery(query: string): void {
    const s = this.state
    const within = narrows(s.query, query) ? s.shown : undefined
    const selected = s.shown[s.subjectCursor]
    const shown = filterSubjects(s.subjects, query, { context: s.context, within })
    this.showList(shown, selected, { query })
  }

  private nextContext(): void {
    const s = this.state
    const order: (string | undefined)[] = [undefined, ...s.contexts]
    const context = order[(order.indexOf(s.context) + 1) % order.length]
    const shown = filterSubjects(s.subjects, s.query, { context })
    this.showList(shown, s.shown[s.subjectCursor], { context })
    this.update({ status: { kind: 'info', text: `context: ${context ?? 'all'}` } })
  }

  /** Shows a new list, keeping the selected subject selected when it is still in it. */
  private showList(shown: number[], selected: number | undefined, change: Partial<BrowseState>): void {
    const found = selected === undefined ? -1 : binarySearch(shown, selected)
    const cursor = Math.max(0, found)
    const rows = paneRows(this.state.layout.subjects)
    const subjectChanged = shown[cursor] !== selected
    this.update({
      ...change,
      shown,
      subjectCursor: cursor,
      subjectTop: scrollTo(found >= 0 ? this.state.subjectTop : 0, cursor, rows, shown.length),
      ...(subjectChanged ? { versionCursor: 0, versionTop: 0, schemaTop: 0 } : {}),
    })
    this.scheduleVisible()
  }

  /** Selects `subject` (leaving context and filter when they hide it) and, once its versions are there, `version`. */
  private select(subject: string, version?: number): void {
    const position = this.state.subjects.names.indexOf(subject)
    if (position < 0) return this.update({ status: { kind: 'error', text: `${subject} is not in the subject list (deleted, or still loading)` } })
    let shown = this.state.shown
    if (binarySearch(shown, position) < 0) {
      this.update({ query: '', context: undefined })
      shown = filterSubjects(this.state.subjects, '', {})
    }
    this.showList(shown, position, { focus: version === undefined ? 'subjects' : 'versions' })
    this.pendingVersion = version === undefined ? undefined : { subject, version }
    this.placePendingVersion()
  }

  private placePendingVersion(): void {
    const pending = this.pendingVersion
    if (pending === undefined || pending.subject !== this.selectedSubject) return
    const versions = this.selectedVersions
    if (versions === undefined) return
    this.pendingVersion = undefined
    const cursor = Math.max(
      0,
      versions.findIndex((v) => v.version === pending.version),
    )
    this.update({ versionCursor: cursor, versionTop: scrollTo(0, cursor, this.versionRows(), versions.length), schemaTop: 0 })
    this.scheduleVisible()
  }

  // ---- loading what the screen shows ---------------------------------------------------------

  /** Fetches, once the keys settle, the summaries of the rows on screen and the selection's versions and schema. */
  private scheduleVisible(): void {
    this.after(this.options.settleMs ?? 60, 'visible', () => this.loadVisible())
  }

  private readonly named = new Map<string, ReturnType<typeof setTimeout>>()

  private after(ms: number, name: string, run: () => void): void {
    const previous = this.named.get(name)
    if (previous !== undefined) {
      clearTimeout(previous)
      this.timers.delete(previous)
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer)
      this.named.delete(name)
      if (!this.disposed) run()
    }, ms)
    this.timers.add(timer)
    this.named.set(name, timer)
  }

  private loadVisible(): void {
    const s = this.state
    const subject = this.selectedSubject
    if (subject !== undefined) {
      this.ensure(
        this.versions,
        subject,
        `versions of ${subject}`,
        async () => {
          const versions = await this.source.versions(subject)
          return [...versions].reverse()
        },
        () => {
          this.placePendingVersion()
          this.scheduleVisible()
        },
      )
      const key = this.selectedVersion
      if (key !== undefined) this.ensureSchema(key)
      // The ids and dates of the version rows on screen come with their schemas.
      for (const v of this.selectedVersions?.slice(s.versionTop, s.versionTop + this.versionRows()) ?? []) {
        const row = { subject, version: v.version }
        if (this.schemas.has(schemaKey(row))) continue
        this.schemas.set(schemaKey(row), { state: 'loading' })
        void this.limit(() => this.loadInto(this.schemas, schemaKey(row), `${subject} v${v.version}`, () => this.source.schema(subject, v.version)))
      }
    }
    const rows = paneRows(s.layout.subjects)
    const visible = s.shown.slice(s.subjectTop, s.subjectTop + rows).map((i) => s.subjects.names[i])
    for (const name of visible) {
      if (this.summaries.has(name)) continue
      this.summaries.set(name, { state: 'loading' })
      void this.limit(async () => {
        // Scrolled past while queued: leave it for when it is on screen again.
        if (!this.isVisible(name)) return void this.summaries.delete(name)
        await this.loadInto(this.summaries, name, `subject ${name}`, () => this.source.summary(name))
      })
    }
  }

  private isVisible(subject: string): boolean {
    const s = this.state
    const rows = paneRows(s.layout.subjects)
    return s.shown.slice(s.subjectTop, s.subjectTop + rows).some((i) => s.subjects.names[i] === subject)
  }

  private ensureSchema(key: VersionKey): void {
    this.ensure(this.schemas, schemaKey(key), `${key.subject} v${key.version}`, () => this.source.schema(key.subject, key.version))
  }

  private ensure<T>(cache: Map<string, Loadable<T>>, key: string, label: string, load: () => Promise<T>, loaded?: () => void): void {
    if (cache.has(key)) return
    cache.set(key, { state: 'loading' })
    void this.loadInto(cache, key, label, load, loaded)
  }

  private async loadInto<T>(cache: Map<string, Loadable<T>>, key: string, label: string, load: () => Promise<T>, loaded?: () => void): Promise<void> {
    cache.set(key, { state: 'loading' })
    const generation = this.generation
    await this.request(
      `loading ${label}`,
      async () => {
        const value = await load()
        if (generation !== this.generation) return
        cache.set(key, { state: 'ok', value })
        // The caches are not state: tell the view they changed.
        this.update({})
        loaded?.()
      },
      (error) => {
        if (generation === this.generation) cache.set(key, { state: 'error', error })
        this.update({})
      },
    )
  }

  /**
   * Runs a request with the spinner on; a failure becomes the status line (and `onError`), never
   * an exception: browse keeps running whatever the registry answers.
   */
  private async request<T>(label: string, run: () => Promise<T>, onError?: (error: string) => void): Promise<T | undefined> {
    this.setBusy(+1, label)
    try {
      return await run()
    } catch (err) {
      const error = describeError(err)
      onError?.(error)
      if (!this.disposed) this.update({ status: { kind: 'error', text: error } })
      return undefined
    } finally {
      this.setBusy(-1, label)
    }
  }

  private reload(): void {
    this.generation++
    this.source.reload()
    this.summaries.clear()
    this.versions.clear()
    this.schemas.clear()
    this.limit.clearQueue()
    const selected = this.selectedSubject
    this.pendingVersion = selected === undefined ? undefined : this.selectedVersion
    this.update({
      subjects: createSubjectIndex(),
      shown: [],
      subjectCursor: 0,
      subjectTop: 0,
      versionCursor: 0,
      versionTop: 0,
      schemaTop: 0,
      status: { kind: 'info', text: 'reloading' },
    })
    void this.loadSubjects().then(() => {
      if (selected !== undefined && this.state.subjects.names.includes(selected)) this.select(selected, this.pendingVersion?.version)
    })
  }

  /** Forgets what a write changed about `subject`, and loads it again. */
  private invalidate(subject: string): void {
    this.summaries.delete(subject)
    this.versions.delete(subject)
    for (const key of [...this.schemas.keys()]) if (key.startsWith(`${subject}@`)) this.schemas.delete(key)
    this.source.reload()
    this.scheduleVisible()
  }

  // ---- actions -------------------------------------------------------------------------------

  private toggleMark(): void {
    const key = this.selectedVersion
    if (key === undefined) return this.update({ status: { kind: 'info', text: 'select a version to mark' } })
    const same = this.state.mark?.subject === key.subject && this.state.mark.version === key.version
    this.update({
      mark: same ? undefined : key,
      status: { kind: 'info', text: same ? 'mark removed' : `marked ${key.subject} v${key.version}: select another version and press d` },
    })
  }

  private async diff(): Promise<void> {
    const to = this.selectedVersion
    if (to === undefined) return this.update({ status: { kind: 'info', text: 'select a version to diff' } })
    let from = this.state.mark
    if (from === undefined) {
      const older = this.selectedVersions?.[this.state.versionCursor + 1]
      if (older === undefined) return this.update({ status: { kind: 'info', text: `${label(to)} is the first version: mark one to diff with (Space)` } })
      from = { subject: to.subject, version: older.version }
    }
    if (from.subject === to.subject && from.version === to.version)
      return this.update({ status: { kind: 'info', text: 'the marked version is the selected one: select another' } })
    // Two versions of one subject: the older is the old side, whichever was marked.
    const [a, b] = from.subject === to.subject && from.version > to.version ? [to, from] : [from, to]
    const title = `diff ${label(a)} → ${label(b)}`
    // Rendered inside the request: the spinner (and `idle`) lasts until the answer is on screen.
    const lines = await this.request(title, async () => {
      const outcome = await this.source.diff(a, b)
      if (!outcome.ok) return [outcome.reason]
      const { renderDiffText } = await import('../../output/diff-text.js')
      return renderDiffText(outcome.report, { color: this.color }).split('\n')
    })
    if (lines !== undefined) this.update({ overlay: { kind: 'text', title, lines, top: 0 } })
  }

  /** Whether overlay text may carry colours (set by the view from NO_COLOR / --no-color). */
  color = false

  private async references(): Promise<void> {
    const key = this.selectedVersion
    if (key === undefined) return this.update({ status: { kind: 'info', text: 'select a version' } })
    const refs = await this.request(`references of ${label(key)}`, () => this.source.references(key.subject, key.version))
    if (refs === undefined) return
    const rows: ReferenceRow[] = [{ text: `Uses (${refs.uses.length}):` }]
    if (refs.uses.length === 0) rows.push({ text: '  nothing: it references no other schema' })
    for (const use of refs.uses) rows.push(usedRow(use))
    rows.push({ text: '' }, { text: `Used by (${refs.usedBy.length}):` })
    if (refs.usedBy.length === 0)
      rows.push({
        text:
          this.source.kind === 'workspace' && key.version !== this.selectedVersions?.[0]?.version
            ? '  nothing: other files use only the newest version'
            : '  no schema references it',
      })
    for (const user of refs.usedBy) rows.push(userRow(user))
    const first = rows.findIndex((r) => r.target !== undefined)
    this.update({ overlay: { kind: 'refs', title: `references of ${label(key)}`, rows, cursor: Math.max(0, first) } })
  }

  private askCheck(): void {
    const subject = this.selectedSubject
    if (subject === undefined) return this.update({ status: { kind: 'info', text: 'select a subject' } })
    this.update({ overlay: { kind: 'prompt', title: `check a file against ${subject}`, label: 'Schema file: ', value: '', subject } })
  }

  private async check(subject: string, file: string): Promise<void> {
    const title = `check ${file} against ${subject}`
    let lines: string[]
    this.setBusy(+1, title)
    try {
      const outcome = await this.source.check(subject, file)
      if (!outcome.ok) lines = [outcome.reason]
      else {
        const [{ renderCompat }, { loadStyle }] = await Promise.all([import('../../output/registry.js'), import('../../output/style.js')])
        lines = renderCompat(outcome.report, await loadStyle(this.color)).split('\n')
      }
    } catch (err) {
      // The answer to a question the user asked: shown where the answer would be, not only in the status line.
      lines = [describeError(err)]
    }
    this.update({ overlay: { kind: 'text', title, lines, top: 0 } })
    this.setBusy(-1, title)
  }

  private askCopy(): void {
    const subject = this.selectedSubject
    if (subject === undefined) return this.update({ status: { kind: 'info', text: 'nothing to copy' } })
    const choices: Extract<Overlay, { kind: 'copy' }>['choices'] = []
    const schema = this.selectedSchema
    if (schema?.state === 'ok') {
      const v = schema.value
      choices.push({ key: 's', label: 'the schema', text: v.schema, what: `the schema of ${subject} v${v.version}` })
      if (v.id !== undefined) choices.push({ key: 'i', label: `its id (${v.id})`, text: String(v.id), what: `id ${v.id}` })
    }
    choices.push({ key: 'n', label: 'the subject name', text: subject, what: `the name ${subject}` })
    this.update({ overlay: { kind: 'copy', choices } })
  }

  private async pick(what: 'level' | 'mode'): Promise<void> {
    const subject = this.selectedSubject
    if (subject === undefined) return this.update({ status: { kind: 'info', text: 'select a subject' } })
    const summary = this.summaries.get(subject)
    const current = summary?.state === 'ok' ? (what === 'level' ? summary.value.level : summary.value.mode) : undefined
    // The engine's list, loaded only here: browsing alone does not load the engine.
    const names: readonly string[] | undefined =
      what === 'level' ? await this.request('loading the levels', async () => (await import('../../engine/index.js')).COMPATIBILITY_LEVELS) : MODES
    if (names === undefined) return
    const options: PickOption[] = [
      ...names.map((name) => ({ label: name, value: name })),
      { label: `remove ${subject}'s own ${what} (inherit the global one)`, value: null },
    ]
    const cursor = Math.max(0, names.indexOf(current ?? ''))
    this.update({ overlay: { kind: 'pick', title: `${what === 'level' ? 'compatibility level' : 'mode'} of ${subject}`, options, cursor, what, subject } })
  }

  private askDelete(): void {
    const key = this.selectedVersion
    if (key === undefined) return this.update({ status: { kind: 'info', text: 'select a version to delete' } })
    if (this.selectedVersions?.[this.state.versionCursor]?.deleted)
      return this.update({ status: { kind: 'info', text: `${label(key)} is already soft-deleted` } })
    this.update({
      overlay: {
        kind: 'confirm',
        question: `Soft-delete ${key.subject} version ${key.version}? Readers stop seeing it; the registry keeps it (y/N)`,
        run: async () => {
          await this.source.deleteVersion(key.subject, key.version)
          this.invalidate(key.subject)
          return `soft-deleted ${label(key)}`
        },
      },
    })
  }

  private confirmPick(overlay: Extract<Overlay, { kind: 'pick' }>): void {
    const choice = overlay.options[overlay.cursor]
    const { subject, what } = overlay
    const change =
      choice.value === null
        ? `Remove the ${what} of ${subject} (it inherits the global one)?`
        : `Set the ${what === 'level' ? 'compatibility level' : 'mode'} of ${subject} to ${choice.value}?`
    this.update({
      overlay: {
        kind: 'confirm',
        question: `${change} (y/N)`,
        run: async () => {
          if (what === 'level') await this.source.setLevel(subject, choice.value as CompatibilityLevel | null)
          else await this.source.setMode(subject, choice.value as Mode | null)
          this.invalidate(subject)
          return choice.value === null ? `${subject}: own ${what} removed` : `${subject}: ${what} set to ${choice.value}`
        },
      },
    })
  }

  // ---- overlays ------------------------------------------------------------------------------

  private pressInOverlay(overlay: Overlay, key: KeyPress): void {
    const close = () => this.update({ overlay: undefined })
    if (key.ctrl && key.input === 'c') return this.options.quit()
    switch (overlay.kind) {
      case 'prompt': {
        if (key.name === 'escape') return close()
        if (key.name === 'return') {
          const file = overlay.value.trim()
          close()
          if (file !== '') void this.check(overlay.subject, file)
          return
        }
        if (key.name === 'backspace') return this.update({ overlay: { ...overlay, value: overlay.value.slice(0, -1) } })
        if (key.ctrl && key.input === 'u') return this.update({ overlay: { ...overlay, value: '' } })
        if (key.name === undefined && !key.ctrl) return this.update({ overlay: { ...overlay, value: overlay.value + key.input } })
        return
      }
      case 'confirm': {
        close()
        if (key.input !== 'y' && key.input !== 'Y') return this.update({ status: { kind: 'info', text: 'cancelled: nothing changed' } })
        void this.request('writing', overlay.run).then((done) => {
          if (done !== undefined) this.update({ status: { kind: 'info', text: `✓ ${done}` } })
        })
        return
      }
      case 'copy': {
        const choice = overlay.choices.find((c) => c.key === key.input)
        close()
        if (choice === undefined) return
        this.options.copy(choice.text)
        return this.update({ status: { kind: 'info', text: `copied ${choice.what} to the clipboard (OSC 52: the terminal must allow it)` } })
      }
      case 'pick': {
        const action = bindingFor(key)?.action
        if (key.name === 'escape' || action === 'quit') return close()
        if (key.name === 'return') return this.confirmPick(overlay)
        const count = overlay.options.length
        const cursor =
          action === 'up'
            ? overlay.cursor - 1
            : action === 'down'
              ? overlay.cursor + 1
              : action === 'top'
                ? 0
                : action === 'bottom'
                  ? count - 1
                  : overlay.cursor
        return this.update({ overlay: { ...overlay, cursor: Math.max(0, Math.min(count - 1, cursor)) } })
      }
      case 'refs': {
        const action = bindingFor(key)?.action
        if (key.name === 'escape' || action === 'quit' || action === 'refs') return close()
        if (key.name === 'return') {
          const target = overlay.rows[overlay.cursor]?.target
          close()
          if (target !== undefined) this.select(target.subject, target.version)
          return
        }
        const targets = overlay.rows.map((r, i) => (r.target ? i : -1)).filter((i) => i >= 0)
        const at = targets.indexOf(overlay.cursor)
        const next = action === 'up' ? targets[at - 1] : action === 'down' ? targets[at + 1] : undefined
        if (next !== undefined) this.update({ overlay: { ...overlay, cursor: next } })
        return
      }
      case 'help':
      case 'text': {
        const action = bindingFor(key)?.action
        if (key.name === 'escape' || action === 'quit' || (overlay.kind === 'help' && action === 'help')) return close()
        const rows = paneRows(this.state.layout.overlay)
        const count = overlayLines(overlay, this.source.writable, paneWidth(this.state.layout.overlay)).length
        const last = Math.max(0, count - rows)
        const top = { up: overlay.top - 1, down: overlay.top + 1, pageUp: overlay.top - rows, pageDown: overlay.top + rows, top: 0, bottom: last }[
          action as string
        ]
        if (top !== undefined) this.update({ overlay: { ...overlay, top: Math.max(0, Math.min(last, top)) } })
        return
      }
    }
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private keepCursorsVisible(): void {
    const s = this.state
    const versions = this.selectedVersions?.length ?? 0
    this.update({
      subjectTop: scrollTo(s.subjectTop, s.subjectCursor, paneRows(s.layout.subjects), s.shown.length),
      versionTop: scrollTo(s.versionTop, s.versionCursor, this.versionRows(), versions),
    })
  }

  /**
   * Counts a request in or out. The view is not told: its spinner looks at `busy` on its own clock,
   * so a burst of short requests (the rows on screen) costs no frames.
   */
  private setBusy(delta: 1 | -1, label: string): void {
    if (delta > 0) this.busyLabels.push(label)
    else this.busyLabels.splice(this.busyLabels.indexOf(label), 1)
    this.state = { ...this.state, busy: this.state.busy + delta, busyLabel: this.busyLabels[0] }
  }

  private update(change: Partial<BrowseState>): void {
    if (this.disposed) return
    this.state = { ...this.state, ...change }
    // The view hears once per turn of the event loop, however many changes a key or a reply made.
    if (this.notifying) return
    this.notifying = true
    queueMicrotask(() => {
      this.notifying = false
      if (!this.disposed) for (const listener of this.listeners) listener()
    })
  }

  private notifying = false
}

/** The cache key of a version's schema. */
export function schemaKey(key: VersionKey): string {
  return `${key.subject}@${key.version}`
}

function label(key: VersionKey): string {
  return `${key.subject} v${key.version}`
}

function usedRow(use: UsedReference): ReferenceRow {
  const where = use.version !== undefined ? `${use.subject} v${use.version}` : `${use.subject}${use.file ? ` (${use.file})` : ''}`
  return { text: `  ${use.name} → ${where}`, target: { subject: use.subject, version: use.version } }
}

function userRow(user: ReferencingSchema): ReferenceRow {
  const id = user.id !== undefined ? `id ${user.id}` : ''
  if (user.subject === undefined) return { text: `  ${id}` }
  return { text: `  ${user.subject} v${user.version}${id ? `  (${id})` : ''}`, target: { subject: user.subject, version: user.version } }
}

/** One line for the status line: the error's own message (which names what failed and where), without secrets. */
function describeError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  const hint = (err as { hint?: unknown }).hint
  return redact(typeof hint === 'string' && hint !== '' ? `${message} (${hint})` : message)
}

function binarySearch(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] === value) return mid
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
