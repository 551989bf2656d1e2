import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const BIN = `${ROOT}bin/run.js`

/** What a run of the real binary printed, and its exit code. */
export interface BinaryRun {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON when it is (for --json runs), else undefined. */
  json?: any
}

/**
 * Runs `bin/run.js …args` as its own process (so several can run at once), with `env` added to
 * the environment (an undefined value removes a variable) and NO_COLOR set. Needs a build.
 */
export function runBinary(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<BinaryRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: env as NodeJS.ProcessEnv }, (err, stdout, stderr) => {
      let json
      try {
        json = JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr, json })
    })
  })
}
