/** Draws `schemactl browse` with ink until the user quits (imported only on a terminal, by load.ts). */
import { render } from 'ink'
import { BrowseApp } from './app.js'
import type { BrowseStore } from './store.js'

/** Renders the store's screen; `onUnmount` receives the function that ends it (the quit key calls it). */
export async function runBrowse(store: BrowseStore, color: boolean, onUnmount: (unmount: () => void) => void): Promise<void> {
  // 20 frames a second are plenty for keys and a spinner; each frame ink draws costs CPU the replies need.
  const instance = render(<BrowseApp store={store} color={color} />, { exitOnCtrlC: false, patchConsole: false, maxFps: 20 })
  onUnmount(() => instance.unmount())
  await instance.waitUntilExit()
}
