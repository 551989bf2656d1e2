/**
 * The data folder lock: a `lock` file created exclusively (O_EXCL) holding the owner's pid.
 * A lock left by a process that no longer runs is taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../../errors.js'

/** A held lock; `release()` removes the lock file. */
export interface DataLock {
  release(): void
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock of `dir`, or throws a UsageError naming the pid that holds it. */
export function acquireDataLock(dir: string): DataLock {
  const path = join(dir, 'lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, `${process.pid}\n`)
      closeSync(fd)
      return {
        release: () => {
          try {
            unlinkSync(path)
          } catch {
            // Already gone: nothing to release.
          }
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      let pid = NaN
      try {
        pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
      } catch {
        // Removed between open and read: retry.
      }
      if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new UsageError(`The data folder ${dir} is in use by another schemactl serve (pid ${pid}).`, {
          code: 'DATA_FOLDER_LOCKED',
          hint: 'Stop the other server, or pass another --data folder.',
        })
      }
      // Stale lock of a dead process (or an unreadable one): take it over.
      try {
        unlinkSync(path)
      } catch {
        // Someone else took it over first; the next attempt will tell.
      }
    }
  }
  throw new UsageError(`Could not take the lock of data folder ${dir}.`, { code: 'DATA_FOLDER_LOCKED', hint: 'Retry, or pass another --data folder.' })
}
