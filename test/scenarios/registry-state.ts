/** The whole observable state of a registry, for scenario tests to compare version by version. */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { RegistryClient } from '../../src/registry/client.js'
import { hasRegistryCode } from '../../src/registry/errors.js'

/** Level and mode of one scope (absent: none of its own). */
export interface ScopeState {
  level?: string
  mode?: string
}

/** Every version (`subject v<version> id <id> [deleted] <references> <schema>`, sorted), the global settings and each subject's own. */
export interface RegistryState {
  versions: string[]
  global: ScopeState
  /** Subject → its own level and mode (subjects with neither are left out). */
  subjects: Record<string, ScopeState>
}

/**
 * Reads `url`'s state: every version of every context with its id, references, schema and
 * soft-deleted flag; the global level and mode; the own level and mode of every subject it lists
 * (soft-deleted ones too) and of `alsoSubjects` (subjects without versions, which no listing shows).
 */
export async function registryState(url: string, alsoSubjects: string[] = []): Promise<RegistryState> {
  const c = new RegistryClient({ urls: [url], retries: 0 })
  try {
    const all = await c.listSchemas({ deleted: true })
    const live = new Set((await c.listSchemas()).map((s) => `${s.subject}@${s.version}`))
    const versions = all
      .map(
        (s) =>
          `${s.subject} v${s.version} id ${s.id}${live.has(`${s.subject}@${s.version}`) ? '' : ' deleted'} ${JSON.stringify(s.references ?? [])} ${s.schema}`,
      )
      .sort()
    const subjects: Record<string, ScopeState> = {}
    for (const subject of new Set([...(await c.listSubjects({ deleted: true })), ...alsoSubjects])) {
      const own = await scopeState(c, subject)
      if (own.level !== undefined || own.mode !== undefined) subjects[subject] = own
    }
    return { versions, global: await scopeState(c, undefined), subjects }
  } finally {
    await c.close()
  }
}

async function scopeState(c: RegistryClient, subject: string | undefined): Promise<ScopeState> {
  const none = (err: unknown) => {
    if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_MODE_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
    throw err
  }
  const config = await c.getConfig(subject, { defaultToGlobal: false }).catch(none)
  const mode = await c.getMode(subject, { defaultToGlobal: false }).catch(none)
  return { ...(config?.compatibilityLevel ? { level: config.compatibilityLevel } : {}), ...(mode ? { mode: mode.mode } : {}) }
}

/** Every file under `dir` with its bytes (base64), by relative path: equal before and after means nothing was written. */
export function folderBytes(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name
      if (statSync(join(dir, path)).isDirectory()) walk(path)
      else out[path] = readFileSync(join(dir, path)).toString('base64')
    }
  }
  walk('')
  return out
}
