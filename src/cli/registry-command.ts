import type { RegistryContext } from '../app/registry-session.js'
import type { RegistryFlags } from '../config/registry-profile.js'
import { loadUndici } from '../registry/undici.js'
import { BaseCommand } from './base-command.js'

/**
 * Base of the commands that talk to a registry: builds the `RegistryContext` (flags, environment,
 * config folder, User-Agent, warnings and --debug request logs) their `app/` call needs.
 */
export abstract class RegistryCommand<T> extends BaseCommand<T> {
  override async init(): Promise<void> {
    // Start loading the HTTP client now, so it overlaps flag parsing and config loading.
    loadUndici().catch(() => undefined)
    await super.init()
  }

  /** The context for one `app/` registry call. */
  protected registryContext(flags: RegistryFlags): RegistryContext {
    return {
      flags: { registry: flags.registry, insecure: flags.insecure, timeout: flags.timeout },
      env: process.env,
      cwd: process.cwd(),
      userAgent: `schemactl/${this.config.version}`,
      warn: (message) => this.warn(message),
      log: (line) => this.debugLog(line),
    }
  }
}
