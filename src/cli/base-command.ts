import { Command, Flags, type Interfaces } from '@oclif/core'
import { AbortedError, InternalError, SchemactlError } from '../errors.js'
import { canAsk, confirm } from './confirm.js'
import { redact, redactValue } from '../config/redact.js'
import { ExitCode, exitCodeFor, exitCodeForSignal } from './exit-codes.js'
import { checkBooleanEnv, flagLabel, parseFailure, type FlagSpec } from './parse-errors.js'
import { outputFlag, outputFormatIn, type OutputFormat } from './output-flag.js'

/** The `--json` success envelope. */
export interface JsonSuccess<T> {
  status: number
  result: T
  warnings: string[]
}

/** The `--json` failure envelope. */
export interface JsonFailure {
  status: number
  error: { code: string; message: string; hint?: string; data?: unknown }
  warnings: string[]
}

/**
 * Base of every schemactl command. It owns `--json` (the `{status, result, warnings}`
 * envelope), `--debug`, colour handling and the single path from error to exit code.
 * A command's `run()` returns its typed result; findings set `process.exitCode = 1`
 * and are still returned. A long-running use case that can stop cleanly runs in `untilStopped`,
 * which owns SIGINT and SIGTERM and the exit code they give.
 */
export abstract class BaseCommand<T> extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Print stack traces and debug logs (also DEBUG=schemactl*).',
      helpGroup: 'GLOBAL',
    }),
    'no-color': Flags.boolean({
      description: 'Disable colours (also NO_COLOR=1; off automatically when not a TTY).',
      helpGroup: 'GLOBAL',
    }),
  }

  private readonly collectedWarnings: string[] = []
  /** The signal that stopped the use case run by `untilStopped`, if one came. */
  private stoppedBy: 'SIGINT' | 'SIGTERM' | undefined
  private debugOn: boolean | undefined
  private yaml: typeof import('yaml') | undefined

  abstract override run(): Promise<T>

  /** Whether debug output (stack traces, request logs) is on. */
  protected get debugEnabled(): boolean {
    // Asked once per HTTP exchange by the request log: worked out once per command.
    this.debugOn ??= this.argv.includes('--debug') || /(^|,)schemactl/.test(process.env.DEBUG ?? '')
    return this.debugOn
  }

  override async init(): Promise<void> {
    await super.init()
    if (this.argv.includes('--no-color')) process.env.NO_COLOR = '1'
    if (process.env.NO_COLOR !== undefined || process.env.FORCE_COLOR === '0') {
      const chalk = (await import('chalk')).default
      chalk.level = 0
    }
    // Loaded only when asked for, so start-up does not grow; ready before the envelope is printed.
    if (this.outputFormat === 'yaml') this.yaml = await import('yaml')
  }

  /**
   * The form the result is printed in: `--output` on a command that has the flag (see
   * src/cli/output-flag.ts), else `json` for `--json`, else `human`.
   */
  protected get outputFormat(): OutputFormat {
    const ctor = this.constructor as typeof BaseCommand & { flags?: Record<string, unknown> }
    const chosen = ctor.flags?.output === outputFlag ? outputFormatIn(this.argv) : undefined
    return chosen ?? (super.jsonEnabled() ? 'json' : 'human')
  }

  /** Whether the result is printed as an envelope (`--json`, `--output json|yaml`) instead of human text. */
  override jsonEnabled(): boolean {
    return this.outputFormat !== 'human'
  }

  /**
   * oclif's parse, with its failures as usage errors in the user's terms: a value that came from
   * an environment variable names that variable, an argument that does not parse is exit 2 (oclif
   * throws those as plain errors), and a boolean variable that is neither true nor false is refused.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protected override async parse<F extends Interfaces.OutputFlags<any>, B extends Interfaces.OutputFlags<any>, A extends Interfaces.OutputArgs<any>>(
    options?: Interfaces.Input<F, B, A>,
    argv: string[] = this.argv,
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const flags = { ...options?.baseFlags, ...options?.flags } as Record<string, FlagSpec>
    try {
      const parsed = await super.parse(options, argv)
      checkBooleanEnv(flags, argv)
      return parsed
    } catch (err) {
      // The arguments were parsed, and refused: oclif would otherwise warn that parse was never called.
      this.parsed = true
      throw parseFailure(err, flags, argv, this.id)
    }
  }

  /** How the user set flag `name`, for messages: `--name`, or the environment variable its value came from. */
  protected flagSource(name: string): string {
    const ctor = this.constructor as typeof BaseCommand & { flags?: Record<string, FlagSpec> }
    return flagLabel(name, ctor.flags?.[name], this.argv)
  }

  /**
   * Asks `question` on the terminal unless `yes` (or `--json`, or no terminal to ask on: then the
   * command goes ahead, as scripts expect). A "no" throws AbortedError with `aborted` (printed
   * as is, exit 0): declining is the user's choice, not a failure.
   */
  protected async confirmOrAbort(question: string, options: { yes?: boolean; aborted: string }): Promise<void> {
    if (options.yes || this.jsonEnabled() || !canAsk()) return
    if (!(await confirm(question))) throw new AbortedError(options.aborted)
  }

  /**
   * Runs a use case that stops cleanly when told: `use` gets an AbortSignal that the first SIGINT
   * (Ctrl-C) or SIGTERM aborts, and then finishes what is in flight, puts back what it changed and
   * returns. A second signal ends the process at once. After a signal the run exits 130 (SIGINT)
   * or 143 (SIGTERM), whatever `use` returned, unless `stopIsSuccess`: for a server a signal is
   * the normal way to stop, and a clean stop exits 0. Commands that do not call this end at the
   * signal, as any process does (shells report the same 130 and 143).
   */
  protected async untilStopped<R>(use: (signal: AbortSignal) => Promise<R>, options: { stopIsSuccess?: boolean } = {}): Promise<R> {
    const controller = new AbortController()
    const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
      if (this.stoppedBy !== undefined) process.exit(exitCodeForSignal(signal))
      this.stoppedBy = signal
      controller.abort(new Error(`stopped by ${signal}`))
    }
    // process.on, not once: ink's signal-exit (migrate's progress view) kills the process when it sees itself as the only listener.
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      return await use(controller.signal)
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      if (this.stoppedBy !== undefined && options.stopIsSuccess !== true) process.exitCode = exitCodeForSignal(this.stoppedBy)
    }
  }

  /** The warnings recorded so far (redacted), as the `--json` envelope lists them. */
  protected get warnings(): readonly string[] {
    return this.collectedWarnings
  }

  /** Records a warning: in `--json` it goes into the envelope, otherwise to stderr. */
  override warn(input: string | Error): string | Error {
    const text = redact(typeof input === 'string' ? input : input.message)
    this.collectedWarnings.push(text)
    if (!this.jsonEnabled()) process.stderr.write(`Warning: ${text}\n`)
    return input
  }

  /**
   * Whether human output to stdout may use colours: a terminal, and neither `--no-color`,
   * NO_COLOR nor FORCE_COLOR=0 (FORCE_COLOR=1+ turns them on even without a terminal).
   */
  protected get colorEnabled(): boolean {
    if (process.env.NO_COLOR !== undefined || this.argv.includes('--no-color')) return false
    const force = process.env.FORCE_COLOR
    if (force !== undefined && force !== '') return force !== '0'
    return process.stdout.isTTY === true
  }

  /**
   * The width human output wraps to: the terminal's columns when stdout is a terminal; undefined
   * otherwise, so that pipes, files and CI logs keep one line per finding (see docs/ci.md).
   */
  protected get terminalWidth(): number | undefined {
    return process.stdout.isTTY === true && process.stdout.columns > 0 ? process.stdout.columns : undefined
  }

  /** Prints a debug line to stderr when `--debug` is on. */
  protected debugLog(message: string): void {
    if (this.debugEnabled) process.stderr.write(`debug: ${redact(message)}\n`)
  }

  /**
   * Commands whose stdout is a data stream (encode, decode) set this: their `--json` envelope
   * then goes to stderr as one line, so stdout stays the stream alone.
   */
  protected static streamsStdout = false

  /** Prints a JSON envelope: plain when not colouring (oclif would tokenise it for colours anyway, slow on big results). */
  override logJson(json: unknown): void {
    if ((this.constructor as typeof BaseCommand).streamsStdout) process.stderr.write(JSON.stringify(json) + '\n')
    else if (this.yaml !== undefined) process.stdout.write(this.yaml.stringify(json))
    else if (this.colorEnabled) super.logJson(json)
    else this.writePlainJson(json)
  }

  /** Whether `logJson` writes the envelope as plain indented JSON on stdout (`writePlainJson`). */
  protected get plainJson(): boolean {
    return !(this.constructor as typeof BaseCommand).streamsStdout && this.outputFormat === 'json' && !this.colorEnabled
  }

  /** Writes the envelope as `JSON.stringify(json, null, 2)` and a newline (a command with a large result may write it in parts). */
  protected writePlainJson(json: unknown): void {
    process.stdout.write(JSON.stringify(json, null, 2) + '\n')
  }

  protected override toSuccessJson(result: unknown): JsonSuccess<unknown> {
    return { status: Number(process.exitCode ?? 0), result: redactValue(result), warnings: this.collectedWarnings }
  }

  /**
   * The one funnel for failures: sets the exit code unconditionally (an earlier findings
   * code must not mask a crash), prints one line (or the JSON envelope) and never rethrows,
   * so oclif does not print the error a second time.
   */
  override async catch(err: Error & { exitCode?: number }): Promise<void> {
    const exitCode = exitCodeFor(err)
    process.exitCode = exitCode
    if (err instanceof AbortedError && !this.jsonEnabled()) {
      process.stderr.write(`${err.message}\n`)
      return
    }
    const known = err instanceof SchemactlError
    const wrapped = known || exitCode !== ExitCode.internal ? err : new InternalError(err.message, { cause: err })
    const code = wrapped instanceof SchemactlError ? wrapped.code : 'USAGE'
    const hint = wrapped instanceof SchemactlError ? wrapped.hint : undefined
    const message = redact(firstLine(wrapped.message))
    if (this.jsonEnabled()) {
      const failure: JsonFailure = {
        status: exitCode,
        error: { code, message, ...(hint ? { hint: redact(hint) } : {}), ...(known && err.data !== undefined ? { data: redactValue(err.data) } : {}) },
        warnings: this.collectedWarnings,
      }
      this.logJson(failure)
    } else {
      process.stderr.write(`Error: ${message}\n`)
      if (hint) process.stderr.write(`Hint: ${redact(hint)}\n`)
      if (exitCode === ExitCode.internal) {
        process.stderr.write('This is a bug in schemactl; please report it with the command you ran and the output of --debug.\n')
      }
    }
    if (this.debugEnabled && err.stack) process.stderr.write(redact(err.stack) + '\n')
  }
}

/**
 * One line for the user. oclif wraps flag parse errors as "Parsing --flag \n\t<reason>\nSee more
 * help with --help" (those become "--flag: <reason>") and flag conflicts as "The following
 * error(s) occurred:" with one reason per line (those become the reasons, joined by "; ").
 */
function firstLine(message: string): string {
  const lines = message
    // oclif dims the reasons with ANSI colours when it thinks it writes to a terminal.
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== 'See more help with --help')
  const parsing = /^Parsing (--\S+)$/.exec(lines[0] ?? '')
  if (parsing && lines[1] !== undefined) return `${parsing[1]}: ${lines[1]}`
  if (/^The following errors? occurred:$/.test(lines[0] ?? '') && lines.length > 1) return lines.slice(1).join('; ')
  return lines[0] ?? message.trim()
}
