/**
 * The data folder lock: a `lock` file holding `pid start-time token`, where start-time is the
 * owner's start (field 22 of /proc/<pid>/stat, empty where /proc is missing) so that a pid
 * reused by another process (after a SIGKILL in a container the restarted server often gets
 * the same pid) is not taken for the owner, and a zombie (a killed owner its parent has not
 * reaped yet, as under some supervisors and container runtimes) counts as gone: it holds no file
 * and serves nothing. The file appears complete or not at all (written in full, checked, to a
 * temp file, then hard-linked into place), and a stale lock is broken under a second,
 * exclusively created `lock.break` file, so that two servers starting at once cannot both win.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { UsageError } from '../../errors.js'

/** A held lock; `release()` removes the lock file. */
export interface DataLock {
  release(): void
}

/** Lock files held by this process: its own pid in a lock file means "held" only if listed here. */
const heldHere = new Set<string>()

/** State (field 3 of /proc/<pid>/stat: R, S, Z for a zombie, …) and start time (field 22) of a process; undefined without /proc. */
function processStat(pid: number): { state: string; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0], start: fields[19] }
  } catch {
    return undefined
  }
}

/** The start time of process `pid` in clock ticks since boot, or undefined without /proc. */
export function processStartTime(pid: number): string | undefined {
  return processStat(pid)?.start
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

interface LockOwner {
  pid: number
  start?: string
  text: string
}

function readOwner(path: string): LockOwner | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
  const [pid, start] = text.trim().split(/\s+/)
  return { pid: Number.parseInt(pid, 10), start: start || undefined, text }
}

/** Whether the process named in a lock file still owns it. */
function ownerAlive(owner: LockOwner): boolean {
  const { pid } = owner
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isRunning(pid)) return false
  const stat = processStat(pid)
  if (stat === undefined) return true
  // Z: killed, waiting for its parent to reap it; X: being reaped.
  if (stat.state === 'Z' || stat.state === 'X') return false
  if (owner.start !== undefined) return owner.start === stat.start
  // A pid-only lock (older schemactl, or written by hand): only a running serve can own it.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('serve')
  } catch {
    return true
  }
}

/** Links a complete file with `text` at `path`; false if `path` exists. */
function createExclusive(path: string, text: string): boolean {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  try {
    const fd = openSync(tmp, 'wx')
    try {
      const bytes = Buffer.from(text)
      if (writeSync(fd, bytes) !== bytes.length) {
        throw Object.assign(new Error(`ENOSPC: no space left on device, write ${tmp}`), { code: 'ENOSPC' })
      }
    } finally {
      closeSync(fd)
    }
    linkSync(tmp, path)
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  } finally {
    try {
      unlinkSync(tmp)
    } catch {
      // Never created (openSync failed).
    }
  }
}

function removeIfUnchanged(path: string, text: string): void {
  if (readOwner(path)?.text === text) {
    try {
      unlinkSync(path)
    } catch {
      // Already gone.
    }
  }
}

/**
 * Breaks the stale lock `owner` of `path` unless someone else changed it meanwhile. Breakers
 * take turns on `lock.break`; a break file left by a dead breaker is stale like any lock.
 */
function breakStaleLock(path: string, owner: LockOwner, me: string): void {
  const guard = `${path}.break`
  if (!createExclusive(guard, me)) {
    const breaker = readOwner(guard)
    if (breaker && !ownerAlive(breaker)) removeIfUnchanged(guard, breaker.text)
    return
  }
  try {
    removeIfUnchanged(path, owner.text)
  } finally {
    removeIfUnchanged(guard, me)
  }
}

/** Takes the lock of `dir`, or throws a UsageError naming the pid that holds it. */
export function acquireDataLock(dir: string): DataLock {
  const path = join(dir, 'lock')
  const me = `${process.pid} ${processStartTime(process.pid) ?? ''} ${randomBytes(8).toString('hex')}\n`
  const inUse = (pid: number) =>
    new UsageError(`The data folder ${dir} is in use by another schemactl serve (pid ${pid}).`, {
      code: 'DATA_FOLDER_LOCKED',
      hint: 'Stop the other server, or pass another --data folder.',
    })
  if (heldHere.has(path)) throw inUse(process.pid)
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(path, me)) {
      heldHere.add(path)
      return {
        release: () => {
          heldHere.delete(path)
          removeIfUnchanged(path, me)
        },
      }
    }
    const owner = readOwner(path)
    if (!owner) continue // removed between link and read: retry
    if (ownerAlive(owner)) throw inUse(owner.pid)
    breakStaleLock(path, owner, me)
  }
  throw new UsageError(`Could not take the lock of data folder ${dir}.`, { code: 'DATA_FOLDER_LOCKED', hint: 'Retry, or pass another --data folder.' })
}
