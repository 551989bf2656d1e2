import { choiceHint } from '../../config/did-you-mean.js'
import { DEFAULT_LEVEL } from '../../engine/index.js'
import { UsageError } from '../../errors.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { RegistryClient } from '../../registry/client.js'
import { CONFIG_FIELDS, MODES, type CompatibilityLevel, type Mode, type RegistryConfig } from '../../registry/types.js'
import { withRegistry, type RegistryContext } from './session.js'

/** One of `CONFIG_FIELDS`. */
export type ConfigField = (typeof CONFIG_FIELDS)[number]

/** The config fields a registry holds beside the level, each exactly as it returns it. */
export type ConfigFields = Partial<Record<ConfigField, unknown>>

/** A compatibility level and where it comes from, with the data-contract and policy fields of the config. */
export interface CompatibilitySetting extends ConfigFields {
  registry: string
  /** The subject asked about; absent for the global level. */
  subject?: string
  level: CompatibilityLevel
  /** `subject`: set on the subject; `global`: inherited from (or is) the global level. */
  source: 'subject' | 'global'
  /** For a subject: the fields shown that come from the global config (the subject's config does not set them). */
  inherited?: ConfigField[]
}

/**
 * Reads the global config, or a subject's effective config: its own level, else the global one,
 * and each of `CONFIG_FIELDS` from its own config when that sets it, else from the global one
 * (as the registry resolves them).
 */
export function getCompatibility(ctx: RegistryContext, subject: string | undefined): Promise<CompatibilitySetting> {
  return withRegistry(ctx, async (client) => {
    const [own, global] = await Promise.all([
      subject === undefined
        ? undefined
        : client.getConfig(subject).catch((err: unknown) => {
            if (!hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND')) throw err
            return undefined
          }),
      client.getConfig(),
    ])
    const fields: ConfigFields = {}
    const inherited: ConfigField[] = []
    for (const field of CONFIG_FIELDS) {
      const value = own?.[field] ?? global[field]
      if (value == null) continue
      fields[field] = value
      if (subject !== undefined && own?.[field] == null) inherited.push(field)
    }
    const base = { registry: client.url, ...(subject !== undefined ? { subject } : {}) }
    const extra = { ...fields, ...(inherited.length > 0 ? { inherited } : {}) }
    if (own?.compatibilityLevel) return { ...base, level: own.compatibilityLevel, source: 'subject', ...extra }
    return { ...base, level: global.compatibilityLevel ?? DEFAULT_LEVEL, source: 'global', ...extra }
  })
}

/** Outcome of `setCompatibility`. */
export interface CompatibilityChange {
  registry: string
  subject?: string
  /** The new level, or null after `--delete` (a subject level removed, or the global one reset to the default); absent when only other fields were set. */
  level?: CompatibilityLevel | null
  /** The level before a delete, when the registry reports it. */
  previous?: CompatibilityLevel
  /** The other config fields set, as the registry answered them (as sent when it does not echo them). */
  fields?: ConfigFields
}

/**
 * The config fields `set-config` sets beside the level: `compatibilityGroup` (a metadata property
 * name), `compatibilityPolicy` (STRICT or LENIENT, for JSON Schema checks) and the contract
 * defaults and overrides, each a JSON file (checked before any request).
 */
export interface ConfigFieldInput {
  compatibilityGroup?: string
  compatibilityPolicy?: string
  defaultMetadata?: string
  overrideMetadata?: string
  defaultRuleSet?: string
  overrideRuleSet?: string
}

/** The compatibility policies of JSON Schema checks a registry knows. */
export const COMPATIBILITY_POLICIES = ['STRICT', 'LENIENT'] as const

/** The JSON Schema policy a subject is checked at: its own config's, else the global one's; undefined when neither states a known one. */
export function effectivePolicy(own: RegistryConfig | undefined, global: RegistryConfig): (typeof COMPATIBILITY_POLICIES)[number] | undefined {
  const stated = String(own?.compatibilityPolicy ?? global.compatibilityPolicy ?? '').toUpperCase()
  return COMPATIBILITY_POLICIES.find((p) => p === stated)
}

/** A subject's effective level and JSON Schema policy: its own config's, else the global config's (a subject without versions may have a config). */
export async function effectiveSetting(
  client: RegistryClient,
  subject: string,
): Promise<{ level?: CompatibilityLevel; policy?: (typeof COMPATIBILITY_POLICIES)[number] }> {
  const [own, global] = await Promise.all([
    client.getConfig(subject).catch((err: unknown) => {
      if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
      throw err
    }),
    client.getConfig(),
  ])
  return { level: own?.compatibilityLevel ?? global.compatibilityLevel, policy: effectivePolicy(own, global) }
}

/** Parses a level name case-insensitively; throws UsageError (exit 2) listing the valid names. */
export async function parseCompatibilityLevel(value: string): Promise<CompatibilityLevel> {
  // The engine's list, loaded only here: the commands that read levels need none of the engine.
  const { COMPATIBILITY_LEVELS } = await import('../../engine/index.js')
  const upper = value.trim().toUpperCase() as CompatibilityLevel
  if (!COMPATIBILITY_LEVELS.includes(upper)) {
    throw new UsageError(`'${value}' is not a compatibility level (${COMPATIBILITY_LEVELS.join(', ')})`, {
      code: 'INVALID_COMPATIBILITY_LEVEL',
      hint: choiceHint(value, COMPATIBILITY_LEVELS),
    })
  }
  return upper
}

/**
 * Sets the global or a subject's level and other config fields (`fields`: compatibility group,
 * policy, contract defaults and overrides from files), or with `remove` deletes the subject's own
 * config (the subject then inherits the global one). Everything is validated before any request:
 * the level and policy names (UsageError, exit 2), the files (InputError at file:line:col, exit 5).
 */
export async function setCompatibility(
  ctx: RegistryContext,
  subject: string | undefined,
  level: string | undefined,
  options: { remove?: boolean; fields?: ConfigFieldInput },
): Promise<CompatibilityChange> {
  const given = Object.entries(options.fields ?? {}).filter(([, v]) => v !== undefined)
  if (options.remove) {
    if (level !== undefined) throw new UsageError('Give either a level or --delete, not both', { code: 'USAGE' })
    if (given.length > 0)
      throw new UsageError(`Give either --delete or config fields to set (${given.map(([k]) => k).join(', ')}), not both`, { code: 'USAGE' })
    return withRegistry(ctx, async (client) => {
      const previous = await client.deleteConfig(subject)
      return {
        registry: client.url,
        ...(subject !== undefined ? { subject } : {}),
        level: null,
        ...(previous.compatibilityLevel ? { previous: previous.compatibilityLevel } : {}),
      }
    })
  }
  if (level === undefined && given.length === 0) {
    throw new UsageError('Missing the compatibility level', {
      code: 'USAGE',
      hint: 'Give a level such as BACKWARD or FULL_TRANSITIVE, a config field (--compatibility-group, --default-metadata, …), or --delete.',
    })
  }
  const parsed = level === undefined ? undefined : await parseCompatibilityLevel(level)
  const fields = given.length === 0 ? {} : await readConfigFields(options.fields ?? {})
  return withRegistry(ctx, async (client) => {
    const reply = await client.setConfig(subject, { ...(parsed !== undefined ? { compatibility: parsed } : {}), ...fields })
    const echoed = reply as Record<string, unknown>
    // CP ≤ 7.9 echoes the request verbatim; upper-case it for a stable result.
    const stored = parsed === undefined ? undefined : (String(reply.compatibility ?? parsed).toUpperCase() as CompatibilityLevel)
    const set = Object.fromEntries(Object.keys(fields).map((k) => [k, echoed[k] ?? fields[k as ConfigField]]))
    return {
      registry: client.url,
      ...(subject !== undefined ? { subject } : {}),
      ...(stored !== undefined ? { level: stored } : {}),
      ...(Object.keys(set).length > 0 ? { fields: set } : {}),
    }
  })
}

/** The config fields to send: names checked, files read and checked with the contract core (loaded only here). */
async function readConfigFields(input: ConfigFieldInput): Promise<ConfigFields> {
  const fields: ConfigFields = {}
  if (input.compatibilityGroup !== undefined) {
    if (input.compatibilityGroup.trim() === '')
      throw new UsageError('--compatibility-group needs a metadata property name', { code: 'USAGE', hint: 'For example application.major.version.' })
    fields.compatibilityGroup = input.compatibilityGroup
  }
  if (input.compatibilityPolicy !== undefined) {
    const policy = COMPATIBILITY_POLICIES.find((p) => p === input.compatibilityPolicy?.trim().toUpperCase())
    if (policy === undefined)
      throw new UsageError(`'${input.compatibilityPolicy}' is not a compatibility policy`, {
        code: 'INVALID_COMPATIBILITY_POLICY',
        hint: `Use ${COMPATIBILITY_POLICIES.join(' or ')}.`,
      })
    fields.compatibilityPolicy = policy
  }
  const { readContractConfigFiles } = await import('../input/contract.js')
  return { ...fields, ...readContractConfigFiles(input) }
}

/** A mode and where it comes from. */
export interface ModeSetting {
  registry: string
  subject?: string
  mode: Mode
  source: 'subject' | 'global'
}

/** Reads the global mode, or a subject's effective mode (its own, else the global one). */
export function getMode(ctx: RegistryContext, subject: string | undefined): Promise<ModeSetting> {
  return withRegistry(ctx, async (client) => {
    if (subject !== undefined) {
      try {
        const own = await client.getMode(subject)
        return { registry: client.url, subject, mode: own.mode, source: 'subject' }
      } catch (err) {
        if (!hasRegistryCode(err, 'SUBJECT_MODE_NOT_FOUND')) throw err
      }
    }
    const global = await client.getMode()
    return { registry: client.url, ...(subject !== undefined ? { subject } : {}), mode: global.mode, source: 'global' }
  })
}

/** Parses a mode name case-insensitively; throws UsageError (exit 2) listing the valid names. */
export function parseMode(value: string): Mode {
  const upper = value.trim().toUpperCase() as Mode
  if (!MODES.includes(upper)) throw new UsageError(`'${value}' is not a mode (${MODES.join(', ')})`, { code: 'INVALID_MODE', hint: choiceHint(value, MODES) })
  return upper
}

/** What `set-mode --delete` did: the subject's own mode (or the global one) removed, and what it was. */
export interface ModeRemoval {
  registry: string
  subject?: string
  removed: true
  previous?: Mode
}

/**
 * Sets the global or a subject's mode, or with `remove` deletes the subject's own mode (it then
 * inherits the global one). IMPORT needs `force` (it lets writes bypass compatibility checks and,
 * on the registry, may require `force=true` when subjects exist); checked before any request.
 */
export function setMode(
  ctx: RegistryContext,
  subject: string | undefined,
  mode: string | undefined,
  options: { force?: boolean; remove?: boolean },
): Promise<ModeSetting | ModeRemoval> {
  if (options.remove) {
    if (mode !== undefined) throw new UsageError('Give either a mode or --delete, not both', { code: 'USAGE' })
    return withRegistry(ctx, async (client) => {
      const previous = await client.deleteMode(subject)
      return {
        registry: client.url,
        ...(subject !== undefined ? { subject } : {}),
        removed: true,
        ...(previous?.mode ? { previous: previous.mode.toUpperCase() as Mode } : {}),
      }
    })
  }
  if (mode === undefined) throw new UsageError('Missing the mode', { code: 'USAGE', hint: `Give one of ${MODES.join(', ')}, or --delete.` })
  const parsed = parseMode(mode)
  if (parsed === 'IMPORT' && !options.force) {
    throw new UsageError('Switching to IMPORT mode needs --force', {
      code: 'IMPORT_NEEDS_FORCE',
      hint: 'IMPORT mode skips compatibility checks and accepts explicit ids; add --force if that is what you want.',
    })
  }
  return withRegistry(ctx, async (client) => {
    const reply = await client.setMode(subject, parsed, { force: options.force })
    return {
      registry: client.url,
      ...(subject !== undefined ? { subject } : {}),
      mode: (reply?.mode ?? parsed).toUpperCase() as Mode,
      source: subject !== undefined ? 'subject' : 'global',
    }
  })
}
