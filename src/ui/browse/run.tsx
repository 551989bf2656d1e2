/** Runs `schemactl browse` on the terminal: the alternate screen, the ink app, resizes, the clipboard. */
import { render } from 'ink'
import type { BrowseSource } from '../../app/browse/source.js'
import { BrowseApp } from './app.js'
import { BrowseStore } from './store.js'

/** Alternate screen on and off: the shell's screen comes back as it was when browse ends. */
const ENTER_SCREEN = '\u001b[?1049h'
const LEAVE_SCREEN = '\u001b[?1049l'

/** OSC 52: asks the terminal to put `text` on the system clipboard (terminals may refuse it). */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`
}

/** Shows `source` until the user quits. Resolves when the screen is restored. */
export async function runBrowse(source: BrowseSource, options: { color: boolean }): Promise<void> {
  const { stdout } = process
  // A pseudo-terminal that reports no size draws one character per line in ink: assume 80×24 then.
  const size = () => ({ columns: stdout.columns > 0 ? stdout.columns : 80, rows: stdout.rows > 0 ? stdout.rows : 24 })
  let quit = () => undefined as void
  const store = new BrowseStore(source, { ...size(), copy: (text) => stdout.write(osc52(text)), quit: () => quit() })
  store.color = options.color
  const onResize = () => {
    const { columns, rows } = size()
    store.resize(columns, rows)
  }
  stdout.write(ENTER_SCREEN)
  stdout.on('resize', onResize)
  try {
    const instance = render(<BrowseApp store={store} color={options.color} />, { exitOnCtrlC: false, patchConsole: false })
    quit = () => instance.unmount()
    store.start()
    await instance.waitUntilExit()
  } finally {
    store.dispose()
    stdout.off('resize', onResize)
    stdout.write(LEAVE_SCREEN)
  }
}
