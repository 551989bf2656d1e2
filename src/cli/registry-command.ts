import { setFlagsFromString } from 'node:v8'
import type { RegistryContext } from '../app/registry/session.js'
import type { RegistryFlags } from '../config/registry-profile.js'
import { loadUndici } from '../registry/undici.js'
import { BaseCommand } from './base-command.js'

// undici parses HTTP with llhttp compiled to WebAssembly. V8 then optimizes that module in the
// background, and a process cannot exit before those compile tasks finish: 150-300 ms added to
// every command. The baseline compiler alone parses a CLI's few responses just as well.
setFlagsFromString('--liftoff-only')

/**
 * Base of the commands that talk to a registry: builds the `RegistryContext` (flags, environment,
 * config folder, User-Agent, warnings and --debug request logs) their `app/` call needs.
 */
export abstract class RegistryCommand<T> extends BaseCommand<T> {
  /** Whether this run will talk HTTP (a command that may not, such as `diff` of two files, says so). */
  protected willUseRegistry(): boolean {
    return true
  }

  override async init(): Promise<void> {
    // Start loading the HTTP client before flag parsing, overlapping it; a run that never talks
    // HTTP skips it (the bundled undici and node:http still cost ~30 ms of start-up).
    if (this.willUseRegistry()) loadUndici().catch(() => undefined)
    await super.init()
  }

  /** The context for one `app/` registry call. */
  protected registryContext(flags: RegistryFlags): RegistryContext {
    return {
      flags: { registry: flags.registry, registryFrom: this.flagSource('registry'), insecure: flags.insecure, timeout: flags.timeout },
      env: process.env,
      cwd: process.cwd(),
      userAgent: `schemactl/${this.config.version}`,
      warn: (message) => this.warn(message),
      log: this.debugEnabled ? (line) => this.debugLog(line) : undefined,
      loadSettings: async (cwd) => {
        // Imported here: configuration validation loads the engine, which a registry command
        // given a URL does not need.
        const { loadConfig } = await import('../config/load.js')
        const loaded = await loadConfig(cwd)
        for (const warning of loaded.warnings) this.warn(warning)
        return { ...loaded.config, file: loaded.file }
      },
    }
  }
}
