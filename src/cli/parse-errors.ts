import { SchemactlError, UsageError } from '../errors.js'

/** What this module needs of an oclif flag definition. */
export interface FlagSpec {
  type: string
  char?: string
  env?: string
}

const TRUE_WORDS = ['1', 'true', 'y', 'yes']
const FALSE_WORDS = ['0', 'false', 'n', 'no']

/**
 * The environment variable a flag's value came from: the flag has one, it is set (not empty), and
 * the flag is not on the command line. Undefined when the value (if any) came from the command line.
 */
export function envSource(name: string, flag: FlagSpec, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (flag.env === undefined || (env[flag.env] ?? '') === '') return undefined
  const long = [`--${name}`, `--no-${name}`]
  const given = argv.some((a) => long.includes(a) || a.startsWith(`--${name}=`) || (flag.char !== undefined && a.startsWith(`-${flag.char}`) && !a.startsWith('--')))
  return given ? undefined : flag.env
}

/** How the user set a flag, for messages: its environment variable when it came from there, else `--name`. */
export function flagLabel(name: string, flag: FlagSpec | undefined, argv: readonly string[]): string {
  return (flag && envSource(name, flag, argv)) ?? `--${name}`
}

/**
 * Turns an error thrown while parsing argv into a UsageError (exit 2) in the user's terms: a flag
 * whose value came from an environment variable is named by that variable (oclif names the flag),
 * and an argument's parse failure (which oclif throws as a plain Error) is a usage error, not a bug.
 */
export function parseFailure(err: unknown, flags: Readonly<Record<string, FlagSpec>>, argv: readonly string[]): unknown {
  if (!(err instanceof Error)) return err
  const text = err.message.replace(/\u001b\[[0-9;]*m/g, '')
  const flagName = /^Parsing --([\w-]+)/.exec(text)?.[1] ?? /^Expected --([\w-]+)=/.exec(text)?.[1]
  const variable = flagName === undefined || flags[flagName] === undefined ? undefined : envSource(flagName, flags[flagName], argv)
  if (variable !== undefined) {
    const options = /to be one of: (.*)$/m.exec(text)?.[1]
    const reason = options !== undefined ? `expected one of ${options.trim()}` : (text.split('\n')[1]?.trim() ?? text)
    return new UsageError(`${variable}=${process.env[variable]}: ${reason} (the environment variable sets --${flagName})`, {
      code: err instanceof SchemactlError ? err.code : 'INVALID_FLAG_VALUE',
      hint: `Fix or unset ${variable}.`,
      cause: err,
    })
  }
  if (err instanceof SchemactlError || (err as { oclif?: unknown }).oclif !== undefined) return err
  return new UsageError(text.split('\n')[0], { cause: err })
}

/**
 * Boolean flags set through their environment variable to something that is neither true
 * (1, true, y, yes) nor false (0, false, n, no): oclif would take it as false silently. Throws a
 * UsageError naming the variable.
 */
export function checkBooleanEnv(flags: Readonly<Record<string, FlagSpec>>, argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  for (const [name, flag] of Object.entries(flags)) {
    if (flag.type !== 'boolean') continue
    const variable = envSource(name, flag, argv, env)
    if (variable === undefined) continue
    const value = (env[variable] as string).trim().toLowerCase()
    if (!TRUE_WORDS.includes(value) && !FALSE_WORDS.includes(value)) {
      throw new UsageError(`${variable}=${env[variable]}: expected true or false (1 or 0, yes or no) (the environment variable sets --${name})`, {
        code: 'INVALID_FLAG_VALUE',
        hint: `Fix or unset ${variable}.`,
      })
    }
  }
}
