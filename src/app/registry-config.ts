import { UsageError } from '../errors.js'
import { hasRegistryCode } from '../registry/errors.js'
import { MODES, type CompatibilityLevel, type Mode } from '../registry/types.js'
import { withRegistry, type RegistryContext } from './registry-session.js'

/** A compatibility level and where it comes from. */
export interface CompatibilitySetting {
  registry: string
  /** The subject asked about; absent for the global level. */
  subject?: string
  level: CompatibilityLevel
  /** `subject`: set on the subject; `global`: inherited from (or is) the global level. */
  source: 'subject' | 'global'
}

/** Reads the global level, or a subject's effective level (its own, else the global one). */
export function getCompatibility(ctx: RegistryContext, subject: string | undefined): Promise<CompatibilitySetting> {
  return withRegistry(ctx, async (client) => {
    if (subject !== undefined) {
      try {
        const own = await client.getConfig(subject)
        if (own.compatibilityLevel) return { registry: client.url, subject, level: own.compatibilityLevel, source: 'subject' }
      } catch (err) {
        if (!hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND')) throw err
      }
    }
    const global = await client.getConfig()
    return { registry: client.url, ...(subject !== undefined ? { subject } : {}), level: global.compatibilityLevel ?? 'BACKWARD', source: 'global' }
  })
}

/** Outcome of `setCompatibility`. */
export interface CompatibilityChange {
  registry: string
  subject?: string
  /** The new level, or null after `--delete` (a subject level removed, or the global one reset to the default). */
  level: CompatibilityLevel | null
  /** The level before a delete, when the registry reports it. */
  previous?: CompatibilityLevel
}

/** Parses a level name case-insensitively; throws UsageError (exit 2) listing the valid names. */
export async function parseCompatibilityLevel(value: string): Promise<CompatibilityLevel> {
  // The engine's list, loaded only here: the commands that read levels need none of the engine.
  const { COMPATIBILITY_LEVELS } = await import('../engine/index.js')
  const upper = value.trim().toUpperCase() as CompatibilityLevel
  if (!COMPATIBILITY_LEVELS.includes(upper)) {
    throw new UsageError(`'${value}' is not a compatibility level`, { code: 'INVALID_COMPATIBILITY_LEVEL', hint: `Use one of ${COMPATIBILITY_LEVELS.join(', ')}.` })
  }
  return upper
}

/**
 * Sets the global or a subject's level, or with `remove` deletes the subject's own level (the
 * subject then inherits the global one). The level is validated before any request.
 */
export async function setCompatibility(
  ctx: RegistryContext,
  subject: string | undefined,
  level: string | undefined,
  options: { remove?: boolean },
): Promise<CompatibilityChange> {
  if (options.remove) {
    if (level !== undefined) throw new UsageError('Give either a level or --delete, not both', { code: 'USAGE' })
    return withRegistry(ctx, async (client) => {
      const previous = await client.deleteConfig(subject)
      return { registry: client.url, ...(subject !== undefined ? { subject } : {}), level: null, ...(previous.compatibilityLevel ? { previous: previous.compatibilityLevel } : {}) }
    })
  }
  if (level === undefined) throw new UsageError('Missing the compatibility level', { code: 'USAGE', hint: 'Give a level such as BACKWARD or FULL_TRANSITIVE, or --delete.' })
  const parsed = await parseCompatibilityLevel(level)
  return withRegistry(ctx, async (client) => {
    const reply = await client.setConfig(subject, { compatibility: parsed })
    // CP ≤ 7.9 echoes the request verbatim; upper-case it for a stable result.
    const stored = (reply.compatibility ?? parsed).toUpperCase() as CompatibilityLevel
    return { registry: client.url, ...(subject !== undefined ? { subject } : {}), level: stored }
  })
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
  if (!MODES.includes(upper)) throw new UsageError(`'${value}' is not a mode`, { code: 'INVALID_MODE', hint: `Use one of ${MODES.join(', ')}.` })
  return upper
}

/**
 * Sets the global or a subject's mode. IMPORT needs `force` (it lets writes bypass compatibility
 * checks and, on the registry, may require `force=true` when subjects exist); checked before any request.
 */
export function setMode(ctx: RegistryContext, subject: string | undefined, mode: string, options: { force?: boolean }): Promise<ModeSetting> {
  const parsed = parseMode(mode)
  if (parsed === 'IMPORT' && !options.force) {
    throw new UsageError('Switching to IMPORT mode needs --force', {
      code: 'IMPORT_NEEDS_FORCE',
      hint: 'IMPORT mode skips compatibility checks and accepts explicit ids; add --force if that is what you want.',
    })
  }
  return withRegistry(ctx, async (client) => {
    const reply = await client.setMode(subject, parsed, { force: options.force })
    return { registry: client.url, ...(subject !== undefined ? { subject } : {}), mode: (reply?.mode ?? parsed).toUpperCase() as Mode, source: subject !== undefined ? 'subject' : 'global' }
  })
}
