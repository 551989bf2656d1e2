// Starts `schemactl serve` as a child process for benchmarks (needs `npm run build`).
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The CLI entry benchmarks spawn. */
export const BIN = fileURLToPath(new URL('../bin/run.js', import.meta.url))

/** The median of a list of numbers. */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/**
 * Starts a server on an ephemeral port: durable in `dataDir`, or in memory when it is undefined.
 * Resolves with its URL, its pid, the time it took to listen and `stop()` (SIGTERM, waits for exit).
 */
export function startServe(dataDir, extraArgs = ['--log-level', 'error']) {
  const started = performance.now()
  const storage = dataDir === undefined ? ['--memory'] : ['--data', dataDir]
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...storage, ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) {
        const exited = new Promise((r) => child.once('exit', r))
        resolve({ url: m[1], pid: child.pid, startupMs: performance.now() - started, stop: () => (child.kill('SIGTERM'), exited) })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
}
