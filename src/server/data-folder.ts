import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where `serve` keeps its data when `--data` is not given: `$XDG_DATA_HOME/schemactl/registry`,
 * else `~/.local/share/schemactl/registry`; undefined without a home folder.
 */
export function defaultDataFolder(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.HOME || homedir()
  const base = env.XDG_DATA_HOME || (home ? join(home, '.local', 'share') : undefined)
  return base === undefined ? undefined : join(base, 'schemactl', 'registry')
}
