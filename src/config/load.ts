import { existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { ConfigError, InternalError } from '../errors.js'
import { FOLLOW_EXTERNAL_LINKS_FLAG, leadsOutside } from '../workspace/read-file.js'
import type { Config, ConfigIssue } from './config.js'
import { configLoadOptionsFromEnv, FOLLOW_EXTERNAL_LINKS_VARIABLE, JS_CONFIG_VARIABLE, type ConfigLoadOptions } from './load-options.js'
import { validateConfig } from './validate.js'

/** The files cosmiconfig looks for, in this order, in the searched folder. */
export const CONFIG_FILES = [
  'package.json',
  'schemactl.config.json',
  'schemactl.config.yaml',
  'schemactl.config.yml',
  'schemactl.config.js',
  'schemactl.config.mjs',
  'schemactl.config.cjs',
  '.schemactlrc',
  '.schemactlrc.json',
  '.schemactlrc.yaml',
  '.schemactlrc.yml',
  '.schemactlrc.js',
  '.schemactlrc.mjs',
  '.schemactlrc.cjs',
] as const

/** The configuration files that are code: loading one runs it. */
const JS_CONFIG = /\.(?:js|mjs|cjs)$/

/** A loaded, validated configuration and where it came from. */
export interface LoadedConfig {
  config: Config
  /** Path of the file it was read from; undefined when none was found (all defaults). */
  file?: string
  /** Warnings as one line each, prefixed with the file name and key. */
  warnings: string[]
}

/**
 * Finds the configuration in `dir` (only that folder: a workspace's config lives beside its
 * schemas): the first of CONFIG_FILES that holds a configuration (a `package.json` without a
 * `schemactl` key, or an empty file, is passed over), parsed with cosmiconfig's loaders, then
 * validated. A file that is a symbolic link leading outside `dir` is refused unless
 * `followExternalLinks`, and a JavaScript file is refused with `jsConfig: 'deny'`; each option
 * not given comes from the environment (`configLoadOptionsFromEnv`). cosmiconfig's own search is
 * not used: it also runs a "meta" configuration from the current folder (`.config/config.js`)
 * and follows `$import` to any file, either of which would run or read a pull request's files.
 * Throws ConfigError (exit 3) naming the file (and key) when it is refused, cannot be read or is
 * invalid; UsageError (exit 2) for a bad SCHEMACTL_JS_CONFIG or SCHEMACTL_FOLLOW_EXTERNAL_LINKS.
 */
export async function loadConfig(dir: string, options: ConfigLoadOptions = {}): Promise<LoadedConfig> {
  const fromEnv = configLoadOptionsFromEnv(process.env)
  const follow = options.followExternalLinks ?? fromEnv.followExternalLinks
  const jsConfig = options.jsConfig ?? fromEnv.jsConfig
  // Most workspaces have no config file: then cosmiconfig's parsers are never loaded.
  for (const file of CONFIG_FILES.filter((f) => existsSync(join(dir, f)))) {
    const path = join(dir, file)
    // Checked before the file is read: even a parse error would quote the target's first line.
    if (!follow && leadsOutside(dir, path) === true) {
      throw new ConfigError(`${file}: is a symbolic link that leads outside the folder: not read`, {
        code: 'CONFIG_LINK_OUTSIDE',
        hint: `Put the configuration file itself in the folder, or set ${FOLLOW_EXTERNAL_LINKS_VARIABLE}=true (${FOLLOW_EXTERNAL_LINKS_FLAG} where the command has it) to read it.`,
      })
    }
    const found = await readConfigFile(dir, file, path, jsConfig)
    if (found === undefined) continue
    const result = validateConfig(found)
    const warnings = result.warnings.map((w) => formatIssue(file, w))
    if (!result.ok) {
      throw new ConfigError(result.errors.map((e) => formatIssue(file, e)).join('; '), {
        hint: 'Fix the configuration file; see "Configuration" in the README.',
        data: { file: path, errors: result.errors },
      })
    }
    return { config: result.config, file: path, warnings }
  }
  return { ...ok(validateConfig(undefined)), warnings: [] }
}

/**
 * The configuration `file` holds, or undefined when it holds none (empty, a folder, gone, a
 * `package.json` without the key): the cases cosmiconfig's search passes over.
 */
async function readConfigFile(dir: string, file: string, path: string, jsConfig: 'allow' | 'deny'): Promise<unknown> {
  const info = statSync(path, { throwIfNoEntry: false })
  if (info === undefined || info.isDirectory()) return undefined
  // A FIFO or device named like a config file would block the read or never end.
  if (!info.isFile()) throw new ConfigError(`${file}: is not a regular file: not read`, { hint: 'Replace it with a configuration file, or remove it.' })
  if (JS_CONFIG.test(file) && jsConfig === 'deny') {
    throw new ConfigError(`${file}: JavaScript configuration is refused here (${JS_CONFIG_VARIABLE}=deny): loading it would run its code`, {
      code: 'CONFIG_JS_DENIED',
      hint: `Write the configuration as JSON or YAML (schemactl.config.json or .yaml), or set ${JS_CONFIG_VARIABLE}=allow where the code is trusted.`,
    })
  }
  let content: string
  try {
    content = await readFile(path, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'EISDIR') return undefined
    throw new ConfigError(`${file}: cannot be read (${code ?? String(err)})`, { hint: "Check the file's permissions.", cause: err })
  }
  if (content.trim() === '') return undefined
  // Imported here so commands that never read a config do not pay for it at start-up.
  const { defaultLoaders } = await import('cosmiconfig')
  const extension = extname(file)
  const loader = defaultLoaders[(extension || 'noExt') as keyof typeof defaultLoaders]
  let loaded: unknown
  try {
    loaded = await loader(path, content)
  } catch (err) {
    throw await loadFailure(dir, file, err)
  }
  if (basename(file) === 'package.json') loaded = (loaded as Record<string, unknown> | null)?.schemactl ?? undefined
  return loaded === null ? undefined : loaded
}

/** `file: key: message`, the one format of every configuration problem. */
export function formatIssue(file: string, issue: ConfigIssue): string {
  return `${file}: ${issue.path}: ${issue.message}`
}

function ok(result: ReturnType<typeof validateConfig>): { config: Config } {
  if (!result.ok) throw new InternalError('the default configuration does not validate')
  return { config: result.config }
}

/** A ConfigError for a file a loader could not parse: `file:line:col: reason` where known. */
async function loadFailure(dir: string, file: string, err: unknown): Promise<ConfigError> {
  const message = err instanceof Error ? err.message : String(err)
  let where = file
  const position = /at position (\d+)/.exec(message)?.[1]
  if (position !== undefined) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '')
    const before = text.slice(0, Number(position)).split('\n')
    where += `:${before.length}:${before[before.length - 1].length + 1}`
  }
  return new ConfigError(`${where}: cannot be loaded: ${lastMeaningfulLine(message)}`, {
    hint: 'Fix the syntax of the configuration file.',
    cause: err,
  })
}

function lastMeaningfulLine(message: string): string {
  // cosmiconfig's message is "<Kind> Error in <file>:", a code frame, then the reason.
  const lines = message.split('\n').map((l) => l.trim())
  const reason = lines.slice(1).find((l) => l !== '' && !/^(>|\d+ \||\||-+\^)/.test(l))
  return (reason ?? lines[0] ?? message).replace(/ while parsing '.*'$/, '')
}
