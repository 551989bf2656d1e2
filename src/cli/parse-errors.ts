import { SchemactlError, UsageError } from '../errors.js'
import { choiceHint } from '../config/did-you-mean.js'

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
  const given = argv.some(
    (a) => long.includes(a) || a.startsWith(`--${name}=`) || (flag.char !== undefined && a.startsWith(`-${flag.char}`) && !a.startsWith('--')),
  )
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
export function parseFailure(err: unknown, flags: Readonly<Record<string, FlagSpec>>, argv: readonly string[], command?: string): unknown {
  if (!(err instanceof Error)) return err
  const text = err.message.replace(/\u001b\[[0-9;]*m/g, '')
  const missing = missingArguments(err)
  if (missing !== undefined) {
    const help = command === undefined ? '--help' : `'schemactl ${command} --help'`
    return new UsageError(`Missing ${missing.map((name) => name.toUpperCase()).join(' and ')}. See ${help}.`, { code: 'MISSING_ARGUMENT', cause: err })
  }
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
  const choice = optionSuggestion(text)
  if (choice !== undefined) return new UsageError(choice.message, { code: 'INVALID_FLAG_VALUE', hint: choice.hint, cause: err })
  if (err instanceof SchemactlError || (err as { oclif?: unknown }).oclif !== undefined) return err
  return new UsageError(text.split('\n')[0], { cause: err })
}

/** The names of the required arguments oclif found missing (its RequiredArgsError carries them). */
function missingArguments(err: Error): string[] | undefined {
  const args = (err as { args?: Array<{ name?: unknown }> }).args
  if (!/^Missing \d+ required args?/.test(err.message) || !Array.isArray(args)) return undefined
  const names = args.map((arg) => arg.name).filter((name): name is string => typeof name === 'string')
  return names.length > 0 ? names : undefined
}

/**
 * oclif's "Expected --level=backwrd to be one of: …" as one line with the nearest allowed value
 * suggested ("Did you mean BACKWARD?"), undefined for any other message.
 */
function optionSuggestion(text: string): { message: string; hint: string } | undefined {
  const match = /^Expected --([\w-]+)=(.*) to be one of: (.*)$/m.exec(text)
  if (match === null) return undefined
  const [, flag, value, list] = match
  const options = list
    .split(',')
    .map((option) => option.trim())
    .filter((option) => option !== '')
  return { message: `--${flag}: '${value}' is not one of ${options.join(', ')}`, hint: choiceHint(value, options) }
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
