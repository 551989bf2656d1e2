/**
 * The keys of `schemactl browse`: one table that both the key handler and the `?` screen read, so
 * the help always lists every key. Pure.
 */

/** A key press, independent of ink: the typed text, or a named key, with modifiers. */
export interface KeyPress {
  input: string
  name?: 'up' | 'down' | 'left' | 'right' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'return' | 'escape' | 'tab' | 'backspace'
  ctrl?: boolean
  shift?: boolean
}

/** What a key does in the panes. */
export type Action =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'prevPane'
  | 'nextPane'
  | 'open'
  | 'filter'
  | 'escape'
  | 'context'
  | 'mark'
  | 'diff'
  | 'refs'
  | 'check'
  | 'copy'
  | 'level'
  | 'mode'
  | 'delete'
  | 'reload'
  | 'help'
  | 'quit'

/** One line of the key table. `match` lists what triggers it: a character, or `<name>` / `<c-x>` for named and Ctrl keys. */
export interface KeyBinding {
  action: Action
  match: string[]
  /** The keys as the help screen shows them. */
  keys: string
  help: string
  /** Changes the registry: only with `--write`. */
  write?: boolean
}

/** Every key, in the order the help screen lists them. */
export const KEY_BINDINGS: readonly KeyBinding[] = [
  { action: 'up', match: ['<up>', 'k'], keys: '↑ k', help: 'move up (scroll up in the schema and in overlays)' },
  { action: 'down', match: ['<down>', 'j'], keys: '↓ j', help: 'move down (scroll down)' },
  { action: 'pageUp', match: ['<pageUp>', '<c-u>', '<c-b>'], keys: 'PgUp ^u ^b', help: 'one page up' },
  { action: 'pageDown', match: ['<pageDown>', '<c-d>', '<c-f>'], keys: 'PgDn ^d ^f', help: 'one page down' },
  { action: 'top', match: ['<home>', 'g'], keys: 'Home g', help: 'first line' },
  { action: 'bottom', match: ['<end>', 'G'], keys: 'End G', help: 'last line' },
  { action: 'prevPane', match: ['<left>', 'h', '<s-tab>'], keys: '← h S-Tab', help: 'previous pane' },
  { action: 'nextPane', match: ['<right>', 'l', '<tab>'], keys: '→ l Tab', help: 'next pane' },
  { action: 'open', match: ['<return>'], keys: 'Enter', help: 'open: subject → versions → schema; in references, go to the one selected' },
  { action: 'filter', match: ['/'], keys: '/', help: 'filter subjects as you type (words in any order; Enter keeps it, Esc clears it)' },
  { action: 'escape', match: ['<escape>'], keys: 'Esc', help: 'close the overlay; else clear the filter; else remove the mark' },
  { action: 'context', match: ['x'], keys: 'x', help: 'next context: all, the default one, then each named context' },
  { action: 'mark', match: [' ', 'm'], keys: 'Space m', help: 'mark the selected version for a diff (again: unmark)' },
  { action: 'diff', match: ['d'], keys: 'd', help: 'diff the marked version with the selected one (unmarked: the previous version with the selected one)' },
  { action: 'refs', match: ['r'], keys: 'r', help: 'references of the selected version: what it uses, which schemas use it' },
  { action: 'check', match: ['c'], keys: 'c', help: 'check a local schema file against the selected subject (embedded engine)' },
  { action: 'copy', match: ['y'], keys: 'y', help: 'copy the schema, its id or the subject name to the clipboard (OSC 52)' },
  { action: 'level', match: ['L'], keys: 'L', help: "set or remove the subject's compatibility level", write: true },
  { action: 'mode', match: ['M'], keys: 'M', help: "set or remove the subject's mode", write: true },
  { action: 'delete', match: ['D'], keys: 'D', help: 'soft-delete the selected version', write: true },
  { action: 'reload', match: ['R'], keys: 'R', help: 'reload subjects, versions and schemas' },
  { action: 'help', match: ['?'], keys: '?', help: 'this help' },
  { action: 'quit', match: ['q', '<c-c>'], keys: 'q ^c', help: 'quit' },
]

/** The `match` spelling of a key press: `<name>`, `<s-tab>`, `<c-x>` or the character itself. */
export function keySpelling(key: KeyPress): string {
  if (key.name === 'tab' && key.shift) return '<s-tab>'
  if (key.name !== undefined) return `<${key.name}>`
  if (key.ctrl) return `<c-${key.input.toLowerCase()}>`
  return key.input
}

const BY_SPELLING = new Map(KEY_BINDINGS.flatMap((binding) => binding.match.map((m) => [m, binding] as const)))

/** The binding a key press triggers, if any. */
export function bindingFor(key: KeyPress): KeyBinding | undefined {
  return BY_SPELLING.get(keySpelling(key))
}
