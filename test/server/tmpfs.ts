/** A small tmpfs, for tests that need a disk that really fills up. Mounting one needs root and mount(8). */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A mounted tmpfs; `unmount()` unmounts it and removes its mount point. */
export interface Tmpfs {
  dir: string
  unmount(): void
}

/** Mounts a tmpfs of `bytes` (rounded up to whole pages) on a new folder; throws if mount(8) fails. */
export function mountTmpfs(bytes: number): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-tmpfs-'))
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { encoding: 'utf8' })
  if (mounted.status !== 0) {
    rmdirSync(dir)
    throw new Error(`mount -t tmpfs failed: ${mounted.stderr || mounted.error?.message}`)
  }
  return {
    dir,
    unmount: () => {
      spawnSync('umount', [dir])
      rmdirSync(dir)
    },
  }
}

/** Whether this process can mount a tmpfs (root, with mount(8)); tried once, on a tiny one. */
export function canMountTmpfs(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
  try {
    mountTmpfs(4096).unmount()
    return true
  } catch {
    return false
  }
}
