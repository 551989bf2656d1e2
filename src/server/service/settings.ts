/**
 * Settings: the compatibility config and the mode of the registry, of a context and of a subject
 * (GET/PUT/DELETE /config and /mode), and the effective values every other operation reads.
 */
import { DEFAULT_LEVEL } from '../../engine/index.js'
import { orderConfig, readConfigUpdate } from '../config-update.js'
import { restErrors } from '../rest-error.js'
import type { ConfigValue, LogRecord } from '../store/records.js'
import type { RegistryState, VersionEntry } from '../store/state.js'
import { contextScope, DEFAULT_CONTEXT, isValidSubject, normalizeSubject, parseSubject } from '../subject-name.js'
import type { DurableWriter } from './writer.js'

const MODES = ['READWRITE', 'READONLY', 'READONLY_OVERRIDE', 'IMPORT']

/** A scope path parameter (null: the global scope, written '') in normal form. */
function scopeOf(scopeRaw: string | null): string {
  return scopeRaw === null ? '' : normalizeSubject(scopeRaw)
}

/** The log record that sets (or, with null, removes) a scope's config. */
function configRecord(scope: string, value: ConfigValue | null): LogRecord {
  return { key: { keytype: 'CONFIG', subject: scope === '' ? null : scope, magic: 0 }, value }
}

/** The log record that sets (or, with null, removes) a scope's mode. */
function modeRecord(scope: string, value: { mode: string } | null): LogRecord {
  return { key: { keytype: 'MODE', subject: scope === '' ? null : scope, magic: 0 }, value }
}

/** Configs and modes: what is set at each scope, and what applies to a subject. */
export class Settings {
  constructor(
    private readonly state: RegistryState,
    private readonly writer: DurableWriter,
    /** Reject every write (the `--read-only` flag). */
    private readonly readOnly: boolean,
  ) {}

  /** The effective mode of a subject (or scope): subject, then context, then global; READONLY_OVERRIDE wins. */
  effectiveMode(subject: string): string {
    if (this.readOnly) return 'READONLY'
    const global = this.state.modes.get('')
    if (global === 'READONLY_OVERRIDE') return global
    const { context } = parseSubject(subject)
    return this.state.modes.get(subject) ?? this.state.modes.get(contextScope(context)) ?? global ?? 'READWRITE'
  }

  /** The effective config of a subject (or scope), merged from global, context and subject settings. */
  effectiveConfig(subject: string): ConfigValue {
    const { context } = parseSubject(subject)
    // Member by member, the nearest scope that sets it wins: a subject's defaultMetadata replaces the global one whole.
    return orderConfig({
      compatibilityLevel: DEFAULT_LEVEL,
      ...this.state.configs.get(''),
      ...(context === DEFAULT_CONTEXT ? {} : this.state.configs.get(contextScope(context))),
      ...(subject === '' ? {} : this.state.configs.get(subject)),
    })
  }

  /** Throws 42205 when the subject (or scope) is read-only. */
  assertWritable(subject: string): void {
    const mode = this.effectiveMode(subject)
    if (mode === 'READONLY' || mode === 'READONLY_OVERRIDE') throw restErrors.readOnly(subject || '__GLOBAL', parseSubject(subject).context)
  }

  /** GET /config[/{s}]: 40408 when a subject has no config of its own and `defaultToGlobal` is off. */
  getConfig(scopeRaw: string | null, defaultToGlobal: boolean): ConfigValue {
    const scope = scopeOf(scopeRaw)
    if (scope === '') return this.effectiveConfig('')
    if (defaultToGlobal) return this.effectiveConfig(scope)
    const own = this.state.configs.get(scope)
    if (!own) throw restErrors.subjectConfigNotFound(scope)
    return orderConfig(own)
  }

  /** PUT /config[/{s}]: returns the stored config in request form (`compatibility`). */
  async putConfig(scopeRaw: string | null, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const scope = scopeOf(scopeRaw)
    if (scope !== '' && parseSubject(scope).name !== '' && !isValidSubject(scope)) throw restErrors.invalidSubject(scope)
    this.assertWritable(scope)
    // Each member the update sets replaces the stored one; the others are kept.
    const next = orderConfig({ ...this.state.configs.get(scope), ...readConfigUpdate(body) })
    await this.writer.commit([configRecord(scope, next)], () => undefined)
    const { compatibilityLevel, ...rest } = next
    return { ...(compatibilityLevel ? { compatibility: compatibilityLevel } : {}), ...rest }
  }

  /** DELETE /config[/{s}]: returns the config removed; 40401 when a subject had none. */
  async deleteConfig(scopeRaw: string | null): Promise<ConfigValue> {
    const scope = scopeOf(scopeRaw)
    this.assertWritable(scope)
    const own = this.state.configs.get(scope)
    if (!own) {
      if (scope === '') return { compatibilityLevel: DEFAULT_LEVEL }
      throw restErrors.subjectNotFound(scope)
    }
    await this.writer.commit([configRecord(scope, null)], () => undefined)
    return orderConfig(own)
  }

  /** GET /mode[/{s}]: 40409 when a subject has no mode of its own and `defaultToGlobal` is off. */
  getMode(scopeRaw: string | null, defaultToGlobal: boolean): { mode: string } {
    const scope = scopeOf(scopeRaw)
    if (scope === '' || defaultToGlobal || this.readOnly) return { mode: this.effectiveMode(scope) }
    const own = this.state.modes.get(scope)
    if (!own) throw restErrors.subjectModeNotFound(scope)
    return { mode: own }
  }

  /** PUT /mode[/{s}]: IMPORT needs an empty scope unless `force`. */
  async putMode(scopeRaw: string | null, body: Record<string, unknown>, force: boolean): Promise<{ mode: string }> {
    const scope = scopeOf(scopeRaw)
    if (this.readOnly) throw restErrors.modeChangesNotAllowed()
    const mode = typeof body.mode === 'string' ? body.mode.toUpperCase() : ''
    if (!MODES.includes(mode)) throw restErrors.invalidMode()
    if (mode === 'IMPORT' && !force && this.effectiveMode(scope) !== 'IMPORT' && this.hasLiveSubjects(scope)) {
      throw restErrors.importNotEmpty()
    }
    await this.writer.commit([modeRecord(scope, { mode })], () => undefined)
    return { mode }
  }

  /** DELETE /mode[/{s}]: returns the mode removed; 40401 when a subject had none. */
  async deleteMode(scopeRaw: string | null): Promise<{ mode: string }> {
    const scope = scopeOf(scopeRaw)
    if (this.readOnly) throw restErrors.modeChangesNotAllowed()
    const own = this.state.modes.get(scope)
    if (!own) {
      if (scope === '') return { mode: 'READWRITE' }
      throw restErrors.subjectNotFound(scope)
    }
    await this.writer.commit([modeRecord(scope, null)], () => undefined)
    return { mode: own }
  }

  private hasLiveSubjects(scope: string): boolean {
    const { context, name } = parseSubject(scope)
    const live = (s: { versions: Map<number, VersionEntry> }) => [...s.versions.values()].some((v) => !v.deleted)
    if (scope === '') return [...this.state.subjects.values()].some(live)
    if (name === '') return [...this.state.subjects.values()].some((s) => s.context === context && live(s))
    const subject = this.state.subjects.get(scope)
    return subject !== undefined && live(subject)
  }
}
