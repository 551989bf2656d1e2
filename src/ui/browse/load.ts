/**
 * Starts `schemactl browse` on the terminal. ink and react (most of browse's start-up) load while the
 * source opens and the first subjects arrive: the store, which holds no ink, starts at once.
 */
import type { BrowseSource } from '../../app/browse/source.js'
import { BrowseStore } from './store.js'

/** How long the first frame waits for the first page of subjects before it shows "loading". */
const FIRST_FRAME_WAIT_MS = 250

/** Alternate screen on and off: the shell's screen comes back as it was when browse ends. */
const ENTER_SCREEN = '\u001b[?1049h'
const LEAVE_SCREEN = '\u001b[?1049l'

/** OSC 52: asks the terminal to put `text` on the system clipboard (terminals may refuse it). */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`
}

/** Shows a source until the user quits; resolves when the terminal is restored. */
export type BrowseOnTerminal = (source: BrowseSource, options: { color: boolean }) => Promise<void>

/** Begins loading the UI now and returns the function that shows a source with it. Call only on a terminal. */
export function loadBrowseUi(): BrowseOnTerminal {
  // ink draws nothing but the last frame when it thinks it runs in CI (CI or CONTINUOUS_INTEGRATION
  // set), and its chalk draws no colour at all then; both decide once, when they are imported. browse
  // runs only on a terminal, where a person reads it: they load without those variables, which come
  // back once they have loaded (nothing else here reads them; colours follow --no-color / NO_COLOR).
  const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]] as const]))
  for (const [name] of hidden) delete process.env[name]
  const ui = import('./run.js')
  const restore = () => {
    for (const [name, value] of hidden) process.env[name] = value
  }
  // Awaited once there is something to show; a failure to open the source is reported first.
  void ui.then(restore, restore)
  return async (source, options) => {
    const { stdout } = process
    // A pseudo-terminal that reports no size draws one character per line in ink: assume 80×24 then.
    const size = () => ({ columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24 })
    let quit = () => undefined as void
    const store = new BrowseStore(source, { ...size(), copy: (text) => stdout.write(osc52(text)), quit: () => quit() })
    store.color = options.color
    store.start()
    const onResize = () => {
      const { columns, rows } = size()
      store.resize(columns, rows)
    }
    // The first frame waits a moment for the first subjects: a frame drawn and drawn again at once
    // costs start-up time (ink's first frames are its slowest), and the list is what the user wants.
    const [{ runBrowse }] = await Promise.all([ui, Promise.race([store.firstPage, new Promise((r) => setTimeout(r, FIRST_FRAME_WAIT_MS))])])
    stdout.write(ENTER_SCREEN)
    stdout.on('resize', onResize)
    try {
      await runBrowse(store, options.color, (unmount) => (quit = unmount))
    } finally {
      store.dispose()
      stdout.off('resize', onResize)
      stdout.write(LEAVE_SCREEN)
    }
  }
}
