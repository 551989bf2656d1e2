/** What `--from` / `--to` name: a registry (URL or profile) or a workspace folder. */
import { statSync } from 'node:fs'
import { resolve } from 'node:path'

/** One side of a migration. */
export type Endpoint = { kind: 'registry'; ref: string } | { kind: 'folder'; dir: string }

/**
 * Classifies an endpoint: `http(s)://…` is a registry URL; an existing directory, or a value that
 * looks like a path (starts with `.`, `/` or `~`, or contains a path separator without a scheme) is a
 * folder (resolved against `cwd`); anything else is a registry profile name.
 */
export function parseEndpoint(value: string, cwd: string): Endpoint {
  if (/^https?:\/\//i.test(value)) return { kind: 'registry', ref: value }
  const dir = resolve(cwd, value)
  if (isDirectory(dir) || /^[./~]/.test(value) || value.includes('/') || value.includes('\\')) return { kind: 'folder', dir }
  return { kind: 'registry', ref: value }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
