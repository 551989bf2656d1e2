import { fileURLToPath } from 'node:url'
import { format } from 'node:util'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** What a command run printed and the exit code it set. */
export interface CommandRun {
  code: number
  stdout: string
  stderr: string
  /** stdout parsed as JSON (for --json runs: `{status, result | error, warnings}`), else undefined. */
  json?: any
}

/**
 * Runs a command class in-process through oclif's `Command.run` (flag parsing, BaseCommand's
 * --json envelope and error funnel included), capturing stdout, stderr and the exit code.
 */
export async function runCommand(
  command: { run(argv: string[], root: string): Promise<unknown> },
  argv: string[],
  env: Record<string, string | undefined> = {},
): Promise<CommandRun> {
  const out: string[] = []
  const err: string[] = []
  const writeOut = process.stdout.write
  const writeErr = process.stderr.write
  const { log, error } = console
  const vars: Record<string, string | undefined> = { NO_COLOR: '1', ...env }
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  for (const [k, v] of Object.entries(vars)) setEnv(k, v)
  process.stdout.write = ((chunk: unknown) => out.push(String(chunk)) > 0) as typeof process.stdout.write
  process.stderr.write = ((chunk: unknown) => err.push(String(chunk)) > 0) as typeof process.stderr.write
  // oclif prints through console.log/console.error (which vitest intercepts), the rest writes directly.
  console.log = (...args: unknown[]) => void out.push(format(...args) + '\n')
  console.error = (...args: unknown[]) => void err.push(format(...args) + '\n')
  process.exitCode = undefined
  try {
    await command.run(argv, ROOT)
  } catch (e) {
    // oclif's own exit/parse errors land here when they bypass the command's catch
    err.push(String((e as Error).message))
    process.exitCode ??= (e as { oclif?: { exit?: number } }).oclif?.exit ?? 1
  } finally {
    process.stdout.write = writeOut
    process.stderr.write = writeErr
    Object.assign(console, { log, error })
    for (const [k, v] of Object.entries(saved)) setEnv(k, v)
  }
  const code = Number(process.exitCode ?? 0)
  process.exitCode = undefined
  const stdout = out.join('')
  let json
  try {
    json = JSON.parse(stdout)
  } catch {
    json = undefined
  }
  return { code, stdout, stderr: err.join(''), json }
}

function setEnv(k: string, v: string | undefined): void {
  if (v === undefined) delete process.env[k]
  else process.env[k] = v
}
