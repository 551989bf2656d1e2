/**
 * The one error hierarchy of schemactl. Every module throws (or returns) these; only
 * `exitCodeFor` in src/cli/exit-codes.ts turns them into exit codes.
 */

/** What kind of failure an error is; decides the exit code. */
export type ErrorKind = 'usage' | 'config' | 'registry' | 'input' | 'internal' | 'aborted'

/** Options shared by every schemactl error. */
export interface ErrorOptions {
  /** A stable SCREAMING_SNAKE code for scripts, e.g. `SUBJECT_NOT_FOUND`. */
  code?: string
  /** What the user can do next, one sentence. */
  hint?: string
  /** Structured details that go into the `--json` error envelope. */
  data?: unknown
  cause?: unknown
}

/** Base class: a failure the user can understand and usually fix. */
export class SchemactlError extends Error {
  readonly kind: ErrorKind
  readonly code: string
  readonly hint?: string
  readonly data?: unknown

  constructor(kind: ErrorKind, message: string, options: ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.kind = kind
    this.code = options.code ?? kind.toUpperCase() + '_ERROR'
    this.hint = options.hint
    this.data = options.data
  }
}

/** Bad flags or arguments (exit 2). */
export class UsageError extends SchemactlError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('usage', message, { code: 'USAGE', ...options })
  }
}

/** Invalid configuration file or value (exit 3). */
export class ConfigError extends SchemactlError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('config', message, { code: 'CONFIG_INVALID', ...options })
  }
}

/** Unreadable or invalid input file or schema (exit 5). */
export class InputError extends SchemactlError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('input', message, { code: 'INPUT_INVALID', ...options })
  }
}

/** The user declined a confirmation: nothing was done, which is not a failure (exit 0, "Aborted"). */
export class AbortedError extends SchemactlError {
  constructor(message = 'Aborted', options: ErrorOptions = {}) {
    super('aborted', message, { code: 'ABORTED', ...options })
  }
}

/** A broken invariant: a bug in schemactl (exit 10, "please report"). */
export class InternalError extends SchemactlError {
  constructor(message: string, options: ErrorOptions = {}) {
    super('internal', message, { code: 'INTERNAL', ...options })
  }
}
