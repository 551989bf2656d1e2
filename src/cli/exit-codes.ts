import { SchemactlError, type ErrorKind } from '../errors.js'

/** The documented exit codes (docs/exit-codes.md). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  config: 3,
  registry: 4,
  input: 5,
  internal: 10,
  /** Stopped by SIGINT (Ctrl-C): 128 + 2, as shells report it. */
  interrupted: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  terminated: 143,
} as const

/** The exit code of a run stopped by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeForSignal(signal: 'SIGINT' | 'SIGTERM'): number {
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated
}

const byKind: Record<ErrorKind, number> = {
  usage: ExitCode.usage,
  config: ExitCode.config,
  registry: ExitCode.registry,
  input: ExitCode.input,
  internal: ExitCode.internal,
  aborted: ExitCode.ok,
}

/** Whether an error came from oclif's own argument parsing or command lookup. */
function isOclifUsageError(err: unknown): boolean {
  const e = err as { oclif?: { exit?: number }; name?: string }
  return e?.oclif !== undefined || /Parse|Flag|Arg/.test(e?.name ?? '')
}

/**
 * The single function that maps any thrown value to a process exit code:
 * schemactl errors by kind, oclif parse failures to 2, anything else is a bug (10).
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof SchemactlError) return byKind[err.kind]
  if (isOclifUsageError(err)) return ExitCode.usage
  return ExitCode.internal
}
