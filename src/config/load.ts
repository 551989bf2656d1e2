import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename, join, relative } from 'node:path'
import { ConfigError, InternalError } from '../errors.js'
import type { Config, ConfigIssue } from './config.js'
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
 * schemas), loads it with cosmiconfig and validates it.
 * Throws ConfigError (exit 3) naming the file and key when it cannot be read or is invalid.
 */
export async function loadConfig(dir: string): Promise<LoadedConfig> {
  // Most workspaces have no config: then neither cosmiconfig nor its parsers are loaded.
  if (!CONFIG_FILES.some((file) => existsSync(join(dir, file)))) return { ...ok(validateConfig(undefined)), warnings: [] }
  // Imported here so commands that never read a config do not pay for it at start-up.
  const { cosmiconfig } = await import('cosmiconfig')
  const explorer = cosmiconfig('schemactl', { searchPlaces: [...CONFIG_FILES], searchStrategy: 'none', cache: false })
  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null
  try {
    found = await explorer.search(dir)
  } catch (err) {
    throw await loadFailure(dir, err)
  }
  if (found === null) return { ...ok(validateConfig(undefined)), warnings: [] }
  const name = displayName(dir, found.filepath)
  const result = validateConfig(found.isEmpty ? undefined : found.config)
  const warnings = result.warnings.map((w) => formatIssue(name, w))
  if (!result.ok) {
    throw new ConfigError(result.errors.map((e) => formatIssue(name, e)).join('; '), {
      hint: 'Fix the configuration file; see "Configuration" in the README.',
      data: { file: found.filepath, errors: result.errors },
    })
  }
  return { config: result.config, file: found.filepath, warnings }
}

/** `file: key: message`, the one format of every configuration problem. */
export function formatIssue(file: string, issue: ConfigIssue): string {
  return `${file}: ${issue.path}: ${issue.message}`
}

function ok(result: ReturnType<typeof validateConfig>): { config: Config } {
  if (!result.ok) throw new InternalError('the default configuration does not validate')
  return { config: result.config }
}

function displayName(dir: string, file: string): string {
  const rel = relative(dir, file)
  return rel === '' || rel.startsWith('..') ? basename(file) : rel
}

/** A ConfigError for a file cosmiconfig could not load: `file:line:col: reason` where known. */
async function loadFailure(dir: string, err: unknown): Promise<ConfigError> {
  const message = err instanceof Error ? err.message : String(err)
  const file = /Error in (.+?):\s*(?:\n|$)/.exec(message)?.[1]
  let where = file === undefined ? '' : displayName(dir, file)
  const position = /at position (\d+)/.exec(message)?.[1]
  if (file !== undefined && position !== undefined) {
    const text = await readFile(file, 'utf8').catch(() => '')
    const before = text.slice(0, Number(position)).split('\n')
    where += `:${before.length}:${before[before.length - 1].length + 1}`
  }
  return new ConfigError(`${where ? where + ': ' : ''}cannot be loaded: ${lastMeaningfulLine(message)}`, {
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
