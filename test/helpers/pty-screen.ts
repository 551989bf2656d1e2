/**
 * Runs the real binary on a pseudo-terminal and reads its screen: util-linux `script` gives the
 * pseudo-terminal (no package beyond the base system), @xterm/headless interprets what the program
 * writes into a screen of cells, as a terminal would. Keys go in through `script`'s stdin.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Terminal as TerminalType } from '@xterm/headless'

// The package's "module" entry names a file it does not ship: load its CommonJS build.
const { Terminal } = createRequire(import.meta.url)('@xterm/headless') as { Terminal: typeof TerminalType }

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** Whether util-linux `script` is there to make a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version']).status === 0

/** A program running on a pseudo-terminal. */
export interface PtyScreen {
  /** The screen as text, one line per row, trailing blanks removed. */
  text(): string
  /** Sends keys (raw bytes: `\r` is Enter, `\u001b[B` the down arrow). */
  type(keys: string): void
  /** Resolves with the screen once `what` is on it and the screen is still; rejects with the screen after `timeoutMs`. */
  waitFor(what: string | RegExp, timeoutMs?: number): Promise<string>
  /** Resizes the terminal (the program gets SIGWINCH, as from a terminal window). */
  resize(columns: number, rows: number): void
  /** Everything the program wrote, raw. */
  output(): string
  /** Resolves with the exit code when the program ends. */
  exited: Promise<number>
  /** Ends the program. */
  kill(): void
}

/** Starts `schemactl …args` on a `columns` × `rows` pseudo-terminal (`bin`: another `bin/run.js`, as an installed package's). */
export function startOnPty(args: string[], options: { columns: number; rows: number; env?: Record<string, string | undefined>; bin?: string }): PtyScreen {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-pty-'))
  const ttyFile = join(dir, 'tty')
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`
  const command = `stty rows ${options.rows} cols ${options.columns}; tty > ${quote(ttyFile)}; exec ${[process.execPath, options.bin ?? BIN, ...args].map(quote).join(' ')}`
  const env = { ...process.env, TERM: 'xterm-256color', ...options.env }
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
  const term = new Terminal({ cols: options.columns, rows: options.rows, allowProposedApi: true })
  let raw = ''
  let pending = 0
  child.stdout!.on('data', (data: Buffer) => {
    raw += data.toString('utf8')
    pending++
    term.write(data, () => pending--)
  })
  child.stderr!.on('data', (data: Buffer) => (raw += data.toString('utf8')))
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code) => {
      rmSync(dir, { recursive: true, force: true })
      resolve(code ?? -1)
    }),
  )
  const text = () => {
    const buffer = term.buffer.active
    const lines: string[] = []
    for (let i = 0; i < term.rows; i++) lines.push(buffer.getLine(buffer.viewportY + i)?.translateToString(true) ?? '')
    return lines.join('\n')
  }
  return {
    text,
    type: (keys) => child.stdin!.write(keys),
    async waitFor(what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs
      let previous = ''
      for (;;) {
        const screen = text()
        const found = typeof what === 'string' ? screen.includes(what) : what.test(screen)
        // A frame can arrive in several reads: the screen counts once it stays the same for a poll.
        if (found && pending === 0 && screen === previous) return screen
        previous = screen
        if (Date.now() > deadline) throw new Error(`not on screen after ${timeoutMs} ms: ${what}\n${screen}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    resize(columns, rows) {
      const tty = readFileSync(ttyFile, 'utf8').trim()
      term.resize(columns, rows)
      // The kernel tells the terminal's foreground process (browse) with SIGWINCH.
      const set = spawnSync('stty', ['-F', tty, 'rows', String(rows), 'cols', String(columns)])
      if (set.status !== 0) throw new Error(`stty -F ${tty}: ${set.stderr}`)
    },
    output: () => raw,
    exited,
    kill: () => child.kill('SIGKILL'),
  }
}
