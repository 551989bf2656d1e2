import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The folder schemactl keeps caches in: `$SCHEMACTL_CACHE_DIR` when set, else the user cache
 * folder of the platform with `schemactl` below it (`$XDG_CACHE_HOME` or `~/.cache` on Linux and
 * other Unix systems, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows); undefined when
 * there is no home folder to put it in.
 */
export function userCacheFolder(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.SCHEMACTL_CACHE_DIR) return env.SCHEMACTL_CACHE_DIR
  const home = env.HOME || safeHomedir()
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || (home ? join(home, 'AppData', 'Local') : undefined)
    return local === undefined ? undefined : join(local, 'schemactl', 'Cache')
  }
  if (platform === 'darwin') return home ? join(home, 'Library', 'Caches', 'schemactl') : undefined
  const base = env.XDG_CACHE_HOME || (home ? join(home, '.cache') : undefined)
  return base === undefined ? undefined : join(base, 'schemactl')
}

/**
 * The folder of `check`'s verdict cache for this run, or undefined for none: with `--no-cache`, and
 * in a CI job (`CI` set) unless `SCHEMACTL_CACHE_DIR` names a folder: a runner's home folder is
 * thrown away with the job, so filling a cache there only costs time (a cold run hashes every
 * file and writes the workspace's pack); a job that keeps a folder between runs names it.
 */
export function checkCacheFolder(env: NodeJS.ProcessEnv, noCache: boolean): string | undefined {
  if (noCache || (isCi(env) && !env.SCHEMACTL_CACHE_DIR)) return undefined
  return userCacheFolder(env)
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return env.CI !== undefined && env.CI !== '' && env.CI.toLowerCase() !== 'false' && env.CI !== '0'
}

function safeHomedir(): string | undefined {
  try {
    return homedir() || undefined
  } catch {
    return undefined
  }
}
