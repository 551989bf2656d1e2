/** The ink view of `schemactl browse`: header, the three panes (or an overlay) and the status line, drawn from the store's state. */
import { Box, Text, useInput, type Key } from 'ink'
import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import type { KeyPress } from './keys.js'
import { MIN_COLUMNS, MIN_ROWS, paneRows, paneWidth, type PaneBox } from './layout.js'
import type { Token, TokenKind } from './highlight.js'
import { schemaKey, type BrowseStore, type Overlay } from './store.js'
import { fit, formatDate, overlayLines, printable, schemaLines, subjectRowText, summaryLine, versionRowText } from './view.js'

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const TOKEN_COLORS: Record<TokenKind, string | undefined> = {
  key: 'cyan',
  string: 'green',
  type: 'magenta',
  number: 'yellow',
  keyword: 'yellow',
  comment: 'gray',
  punct: undefined,
  plain: undefined,
}
const HINTS = '↑↓ move  ←→ panes  / filter  Space mark  d diff  r refs  c check  y copy  ? help  q quit'

/** Props of `BrowseApp`. */
export interface BrowseAppProps {
  store: BrowseStore
  /** Colours on (off with NO_COLOR / --no-color). */
  color: boolean
}

/** The whole screen. */
export function BrowseApp({ store, color }: BrowseAppProps) {
  const state = useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.state,
  )
  useInput((input, key) => {
    for (const press of toKeyPresses(input, key)) store.press(press)
  })
  const busy = useBusy(store)
  const { layout, overlay } = state
  const paint = (name: string | undefined) => (color ? name : undefined)

  let main: ReactNode
  if (overlay !== undefined) main = <OverlayView store={store} overlay={overlay} box={layout.overlay} paint={paint} />
  else if (layout.kind === 'tiny') {
    main = (
      <Box height={layout.overlay.height}>
        <Text>
          Too small ({layout.columns}×{layout.rows}): browse needs {MIN_COLUMNS}×{MIN_ROWS}.
        </Text>
      </Box>
    )
  } else {
    const subjects = <SubjectsPane store={store} paint={paint} />
    const versions = <VersionsPane store={store} paint={paint} />
    const schema = <SchemaPane store={store} paint={paint} />
    main =
      layout.kind === 'wide' ? (
        <Box height={layout.subjects.height}>
          {subjects}
          {versions}
          {schema}
        </Box>
      ) : (
        <Box height={layout.schema.height}>
          <Box flexDirection="column" width={layout.subjects.width}>
            {subjects}
            {versions}
          </Box>
          {schema}
        </Box>
      )
  }
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.rows}>
      <Header store={store} paint={paint} />
      {main}
      <StatusLine store={store} busy={busy} paint={paint} />
    </Box>
  )
}

type Paint = (name: string | undefined) => string | undefined

function Header({ store, paint }: { store: BrowseStore; paint: Paint }) {
  const s = store.state
  const source = store.source
  const count = s.subjectsLoading ? `${s.subjects.names.length} subjects, loading…` : `${s.subjects.names.length} subjects`
  const left = printable(
    ` schemactl browse · ${source.kind} ${source.label} · ${source.writable ? 'WRITE' : 'read-only'} · context: ${s.context ?? 'all'} · ${count}`,
  )
  const right = '  ? help '
  const width = s.layout.columns
  const text = left.length + right.length <= width ? left.padEnd(width - right.length) + right : fit(left, width)
  return (
    <Text bold color={paint(source.writable ? 'red' : undefined)} wrap="truncate-end">
      {text}
    </Text>
  )
}

function Pane({ title, box, focused, paint, children }: { title: string; box: PaneBox; focused: boolean; paint: Paint; children: ReactNode }) {
  return (
    <Box
      flexDirection="column"
      width={box.width}
      height={box.height}
      borderStyle={focused ? 'double' : 'single'}
      borderColor={paint(focused ? 'cyan' : 'gray')}
    >
      <Text bold wrap="truncate-end">
        {fit(title, paneWidth(box))}
      </Text>
      {children}
    </Box>
  )
}

function SubjectsPane({ store, paint }: { store: BrowseStore; paint: Paint }) {
  const s = store.state
  const box = s.layout.subjects
  const width = paneWidth(box)
  const rows = paneRows(box)
  const focused = s.focus === 'subjects'
  const filter = s.editingFilter || s.query !== '' ? ` /${s.query}${s.editingFilter ? '█' : ''}` : ''
  const title = `Subjects ${s.shown.length}/${s.subjects.names.length}${filter}`
  const lines: ReactNode[] = []
  if (s.shown.length === 0) {
    const why =
      s.subjectsError ??
      (s.subjectsLoading
        ? 'loading subjects…'
        : s.subjects.names.length === 0
          ? 'no subjects'
          : `no subject matches "${s.query}"${s.context ? ` in context ${s.context}` : ''}`)
    lines.push(
      <Text key="empty" dimColor color={paint(s.subjectsError ? 'red' : undefined)} wrap="truncate-end">
        {fit(why, width)}
      </Text>,
    )
  }
  for (let i = s.subjectTop; i < Math.min(s.shown.length, s.subjectTop + rows); i++) {
    const name = s.subjects.names[s.shown[i]]
    const selected = i === s.subjectCursor
    const row = subjectRowText(name, store.summaries.get(name), width - 2)
    lines.push(
      <Text key={name} inverse={selected && focused} wrap="truncate-end">
        {selected ? '› ' : '  '}
        {row.name}
        <Text dimColor={row.inherited}>{row.details}</Text>
      </Text>,
    )
  }
  return (
    <Pane title={title} box={box} focused={focused} paint={paint}>
      {lines}
    </Pane>
  )
}

function VersionsPane({ store, paint }: { store: BrowseStore; paint: Paint }) {
  const s = store.state
  const box = s.layout.versions
  const width = paneWidth(box)
  const subject = store.selectedSubject
  const focused = s.focus === 'versions'
  const entry = subject === undefined ? undefined : store.versions.get(subject)
  const lines: ReactNode[] = []
  if (subject !== undefined) {
    lines.push(
      <Text key="summary" dimColor wrap="truncate-end">
        {fit(summaryLine(store.summaries.get(subject)), width)}
      </Text>,
    )
  }
  if (entry?.state === 'error') {
    lines.push(
      <Text key="error" color={paint('red')} wrap="truncate-end">
        {fit(entry.error, width)}
      </Text>,
    )
  } else if (entry?.state === 'ok') {
    const rows = store.versionRows()
    for (let i = s.versionTop; i < Math.min(entry.value.length, s.versionTop + rows); i++) {
      const v = entry.value[i]
      const selected = i === s.versionCursor
      const marked = s.mark !== undefined && s.mark.subject === subject && s.mark.version === v.version
      const text = versionRowText(v.version, v.deleted, marked, store.schemas.get(schemaKey({ subject: subject!, version: v.version })), width - 2)
      lines.push(
        <Text
          key={v.version}
          inverse={selected && focused}
          strikethrough={v.deleted && store.color}
          color={paint(v.deleted ? 'red' : marked ? 'yellow' : undefined)}
          wrap="truncate-end"
        >
          {selected ? '› ' : '  '}
          {text}
        </Text>,
      )
    }
  } else if (subject !== undefined) {
    lines.push(
      <Text key="loading" dimColor wrap="truncate-end">
        loading versions…
      </Text>,
    )
  }
  return (
    <Pane title={subject === undefined ? 'Versions' : `Versions · ${subject}`} box={box} focused={focused} paint={paint}>
      {lines}
    </Pane>
  )
}

function SchemaPane({ store, paint }: { store: BrowseStore; paint: Paint }) {
  const s = store.state
  const box = s.layout.schema
  const width = paneWidth(box)
  const focused = s.focus === 'schema'
  const key = store.selectedVersion
  const entry = store.selectedSchema
  const lines: ReactNode[] = []
  let title = 'Schema'
  if (entry?.state === 'ok') {
    const v = entry.value
    const all = schemaLines(v)
    const rows = paneRows(box) - 1
    title = `Schema · v${v.version}${v.id !== undefined ? ` · id ${v.id}` : ''} · ${v.schemaType}${all.length > rows ? ` · ${s.schemaTop + 1}–${Math.min(all.length, s.schemaTop + rows)}/${all.length}` : ''}`
    // Most telling first: a narrow pane cuts the end.
    const meta = [
      v.deleted ? 'soft-deleted' : undefined,
      `${v.references.length} reference${v.references.length === 1 ? '' : 's'}`,
      v.file,
      v.registeredAt !== undefined ? `registered ${formatDate(v.registeredAt, true)} UTC` : undefined,
    ].filter((x) => x !== undefined)
    lines.push(
      <Text key="meta" dimColor wrap="truncate-end">
        {fit(meta.join(' · '), width)}
      </Text>,
    )
    all.slice(s.schemaTop, s.schemaTop + rows).forEach((tokens, i) => lines.push(<SchemaLine key={i} tokens={tokens} paint={paint} />))
  } else if (entry?.state === 'error') {
    lines.push(
      <Text key="error" color={paint('red')} wrap="truncate-end">
        {fit(entry.error, width)}
      </Text>,
    )
  } else if (key !== undefined) {
    lines.push(
      <Text key="loading" dimColor>
        loading {key.subject} v{key.version}…
      </Text>,
    )
  }
  return (
    <Pane title={title} box={box} focused={focused} paint={paint}>
      {lines}
    </Pane>
  )
}

function SchemaLine({ tokens, paint }: { tokens: Token[]; paint: Paint }) {
  return (
    <Text wrap="truncate-end">
      {tokens.length === 0
        ? ' '
        : tokens.map((t, i) => (
            <Text key={i} color={paint(TOKEN_COLORS[t.kind])}>
              {t.text}
            </Text>
          ))}
    </Text>
  )
}

function OverlayView({ store, overlay, box, paint }: { store: BrowseStore; overlay: Overlay; box: PaneBox; paint: Paint }) {
  const width = paneWidth(box)
  const rows = paneRows(box)
  let title: string
  let body: ReactNode[]
  switch (overlay.kind) {
    case 'help':
    case 'text': {
      const all = overlayLines(overlay, store.source.writable, width)
      const more = all.length > rows ? ` · ${overlay.top + 1}–${Math.min(all.length, overlay.top + rows)}/${all.length} (↑↓ scroll)` : ''
      title = `${overlay.kind === 'help' ? 'Keys' : overlay.title}${more} · Esc closes`
      body = all.slice(overlay.top, overlay.top + rows).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))
      break
    }
    case 'refs': {
      title = `${overlay.title} · Enter goes there · Esc closes`
      const top = Math.max(0, Math.min(overlay.cursor - Math.floor(rows / 2), overlay.rows.length - rows))
      body = overlay.rows.slice(top, top + rows).map((row, i) => (
        <Text key={i} inverse={top + i === overlay.cursor && row.target !== undefined} wrap="truncate-end">
          {row.text === '' ? ' ' : fit(row.text, width)}
        </Text>
      ))
      break
    }
    case 'prompt':
      title = `${overlay.title} · Enter checks · Esc cancels`
      body = [
        <Text key="input" wrap="truncate-end">
          {overlay.label}
          {overlay.value}█
        </Text>,
        <Text key="hint" dimColor wrap="truncate-end">
          A path relative to {process.cwd()}; checked with the embedded engine, as check-compat --local does.
        </Text>,
      ]
      break
    case 'pick':
      title = `${overlay.title} · Enter chooses · Esc cancels`
      body = overlay.options.map((option, i) => (
        <Text key={i} inverse={i === overlay.cursor} wrap="truncate-end">
          {i === overlay.cursor ? '› ' : '  '}
          {option.label}
        </Text>
      ))
      break
    case 'confirm':
      title = 'Confirm'
      body = [
        <Text key="q" bold color={paint('yellow')} wrap="wrap">
          {overlay.question}
        </Text>,
        <Text key="h" dimColor>
          y: yes · any other key: no
        </Text>,
      ]
      break
    case 'copy':
      title = 'Copy to the clipboard · Esc cancels'
      body = overlay.choices.map((c) => (
        <Text key={c.key} wrap="truncate-end">
          {'  '}
          {c.key} {c.label}
        </Text>
      ))
      break
  }
  return (
    <Pane title={title} box={box} focused paint={paint}>
      {body}
    </Pane>
  )
}

function StatusLine({ store, busy: spinner, paint }: { store: BrowseStore; busy: Busy | undefined; paint: Paint }) {
  const s = store.state
  const width = s.layout.columns
  const busy = spinner === undefined ? '' : `${SPINNER[spinner.frame % SPINNER.length]} ${spinner.label}…  `
  if (s.status !== undefined) {
    const error = s.status.kind === 'error'
    return (
      <Text wrap="truncate-end">
        {busy}
        <Text color={paint(error ? 'red' : 'green')}>{fit(`${error ? '✗ ' : ''}${s.status.text}`, Math.max(0, width - busy.length))}</Text>
      </Text>
    )
  }
  const hint = s.editingFilter ? 'type to filter · Enter keeps it · Esc clears it · ↑↓ move' : HINTS
  return (
    <Text dimColor={busy === ''} wrap="truncate-end">
      {fit(busy + hint, width)}
    </Text>
  )
}

/** What the spinner shows: a request that has been in flight for a tick. */
interface Busy {
  frame: number
  label: string
}

const SPINNER_MS = 150

/**
 * The spinner, on its own clock: it appears once requests have been in flight for a tick (a quick
 * reply shows none), turns while they are, and goes when they end. Re-renders only when it changes.
 */
function useBusy(store: BrowseStore): Busy | undefined {
  const [busy, setBusy] = useState<Busy | undefined>(undefined)
  useEffect(() => {
    const timer = setInterval(() => {
      const { busy: count, busyLabel } = store.state
      setBusy((previous) => (count === 0 ? undefined : { frame: (previous?.frame ?? -1) + 1, label: busyLabel ?? 'working' }))
    }, SPINNER_MS)
    return () => clearInterval(timer)
  }, [store])
  return busy
}

const CONTROL_CHARACTERS: Record<string, KeyPress['name']> = {
  '\r': 'return',
  '\n': 'return',
  '\t': 'tab',
  '\u007f': 'backspace',
  '\b': 'backspace',
  '\u001b': 'escape',
}

/**
 * ink's key event as key presses. ink hands over text that arrives at once (typing faster than a
 * read, a paste, tmux send-keys) as one event: each character of it is a key press of its own.
 */
export function toKeyPresses(input: string, key: Key): KeyPress[] {
  // Esc and a key in one read arrive as Alt+key (ESC prefix): browse binds no Alt keys, so it is both.
  if (key.meta && !key.escape && input.length === 1 && toKeyPress(input, key).name === undefined) return [{ input: '', name: 'escape' }, { input }]
  const press = toKeyPress(input, key)
  if (press.name !== undefined || press.ctrl || [...input].length <= 1) return [press]
  return [...input].map((ch) => (CONTROL_CHARACTERS[ch] ? { input: '', name: CONTROL_CHARACTERS[ch] } : { input: ch }))
}

/** ink's key event as a `KeyPress`. */
export function toKeyPress(input: string, key: Key): KeyPress {
  const name: KeyPress['name'] = key.upArrow
    ? 'up'
    : key.downArrow
      ? 'down'
      : key.leftArrow
        ? 'left'
        : key.rightArrow
          ? 'right'
          : key.pageUp
            ? 'pageUp'
            : key.pageDown
              ? 'pageDown'
              : key.home
                ? 'home'
                : key.end
                  ? 'end'
                  : key.return
                    ? 'return'
                    : key.escape
                      ? 'escape'
                      : key.tab
                        ? 'tab'
                        : key.backspace || key.delete
                          ? 'backspace'
                          : undefined
  return { input, ...(name ? { name } : {}), ...(key.ctrl ? { ctrl: true } : {}), ...(key.shift ? { shift: true } : {}) }
}
