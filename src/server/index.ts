/**
 * `schemactl serve`: a durable, Confluent-compatible schema registry. `startRegistryServer`
 * is what the command and in-process tests call.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs'
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { SchemactlError, UsageError } from '../errors.js'
import { buildApp } from './http/app.js'
import { RegistryService } from './registry-service.js'
import { Changelog, replayChangelog } from './store/changelog.js'
import { compactionDue } from './store/compaction-policy.js'
import { acquireDataLock, type DataLock } from './store/lock.js'
import { RegistryState } from './store/state.js'

/** Log verbosity; `debug` logs one line per request. */
export type ServeLogLevel = 'error' | 'warn' | 'info' | 'debug'

/** Options of `startRegistryServer`. */
export interface RegistryServerOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string
  /** Port (default 8081; 0 picks a free one). */
  port?: number
  /** Data folder holding the changelog and its lock; required unless `memory`. */
  data?: string
  /** Keep everything in memory (no data folder). */
  memory?: boolean
  /** `user:pass` required on every request. */
  basicAuth?: string
  /** A file of `user:pass` lines, each an accepted credential. */
  usersFile?: string
  /** Allow a non-loopback bind without authentication. */
  insecure?: boolean
  /** Reject every write. */
  readOnly?: boolean
  /** Logs of at most this many records are not compacted (default COMPACT_MIN_RECORDS; tests lower it to see compaction at a small scale). */
  compactMinRecords?: number
  logLevel?: ServeLogLevel
  /** Where log lines go (default stderr). */
  log?: (line: string) => void
}

/** A running registry server. */
export interface RegistryServer {
  /** Base URL, e.g. `http://127.0.0.1:8081`. */
  url: string
  port: number
  /** Stops accepting requests, waits for in-flight ones (and their fsync), then releases the data folder. */
  close(): Promise<void>
}

const LEVELS: Record<ServeLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 }

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'))
}

function readUsers(options: RegistryServerOptions): Map<string, string> {
  const users = new Map<string, string>()
  const add = (entry: string, where: string) => {
    const colon = entry.indexOf(':')
    // Named without the credential itself, which may be a real password with a typo.
    const problem =
      colon < 0 ? 'expected user:password' : colon === 0 ? 'the user name is empty' : colon === entry.length - 1 ? 'the password is empty' : undefined
    if (problem) throw new UsageError(`Invalid credentials in ${where}: ${problem}.`, { hint: 'Write each credential as user:password, both non-empty.' })
    users.set(entry.slice(0, colon), entry.slice(colon + 1))
  }
  if (options.basicAuth !== undefined) add(options.basicAuth, '--basic-auth')
  if (options.usersFile) {
    let text: string
    try {
      text = readFileSync(options.usersFile, 'utf8')
    } catch (err) {
      throw new UsageError(`Cannot read users file ${options.usersFile}: ${(err as Error).message}`, { hint: 'Pass a readable file of user:password lines.' })
    }
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) add(line.trim(), `${options.usersFile}:${i + 1}`)
    })
  }
  return users
}

/** Starts the registry: replays the changelog (unless `memory`), takes the data folder lock and listens. */
export async function startRegistryServer(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const host = options.host ?? '127.0.0.1'
  const level = LEVELS[options.logLevel ?? 'info']
  const write = options.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const users = readUsers(options)
  if (!isLoopback(host) && users.size === 0 && !options.insecure) {
    throw new UsageError(`Refusing to serve on ${host} without authentication.`, {
      hint: 'Pass --basic-auth user:pass or --users-file, or --insecure to serve without authentication.',
    })
  }
  if (!options.memory && !options.data) {
    throw new UsageError('No data folder given.', { hint: 'Pass --data DIR to keep schemas, or --memory for a throw-away registry.' })
  }

  const state = new RegistryState()
  let lock: DataLock | undefined
  let changelog: Changelog | null = null
  let logRecords = 0
  try {
    if (!options.memory) {
      const dir = resolve(options.data!)
      if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
        throw new UsageError(`The data folder ${dir} is a file, not a folder.`, { hint: 'Pass a folder as --data (it is created if missing).' })
      }
      mkdirSync(dir, { recursive: true })
      lock = acquireDataLock(dir)
      const replay = replayChangelog(dir, (record) => state.applyRecord(record))
      if (replay.droppedTail && level >= LEVELS.warn) {
        write(
          `warning: dropped a torn last record of the changelog (line ${replay.droppedTail.line}, ${replay.droppedTail.bytes} bytes); it was never acknowledged`,
        )
      }
      changelog = await Changelog.open(dir)
      logRecords = replay.records
      if (compactionDue(replay.records, state.liveRecordCount(), options.compactMinRecords)) {
        try {
          await changelog.compact(() => {
            const records = state.snapshot()
            logRecords = records.length
            return records
          })
        } catch (err) {
          // Compaction only saves space: unless it stopped the log, serve from the old one, which it left whole.
          if (changelog.failed) throw err
          logRecords = replay.records
          if (level >= LEVELS.warn) write(`warning: could not compact the changelog, kept it as it is: ${(err as Error).message}`)
        }
      }
    }
    const registry = new RegistryService(state, { changelog, readOnly: options.readOnly, compaction: { logRecords, minRecords: options.compactMinRecords } })
    const app = buildApp(registry, { users, logRequest: level >= LEVELS.debug ? write : undefined })
    await app.listen({ host, port: options.port ?? 8081 })
    const address = app.server.address()
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 8081)
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
    let closing: Promise<void> | undefined
    return {
      url,
      port,
      close: () =>
        (closing ??= (async () => {
          try {
            await app.close()
            await changelog?.close()
          } finally {
            lock?.release()
          }
        })()),
    }
  } catch (err) {
    await changelog?.close().catch(() => undefined)
    lock?.release()
    throw explainStartupError(err, host, options)
  }
}

/** Turns the usual environment failures (port taken, folder not writable) into errors the user can act on. */
function explainStartupError(err: unknown, host: string, options: RegistryServerOptions): unknown {
  if (err instanceof SchemactlError) return err
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EADDRINUSE') {
    return new UsageError(`Port ${options.port ?? 8081} on ${host} is already in use.`, {
      hint: 'Pass another --port, or --port 0 for a free one.',
      cause: err,
    })
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new UsageError(`The disk of ${options.data} is full: ${(err as Error).message}`, {
      hint: 'Free some space on it, then start again.',
      cause: err,
    })
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR' || code === 'EROFS' || code === 'EEXIST' || code === 'EISDIR' || code === 'EIO') {
    return new UsageError(`Cannot use ${options.data ?? host}: ${(err as Error).message}`, {
      hint: 'Pass a --data folder you can write to (ports below 1024 also need privileges).',
      cause: err,
    })
  }
  return err
}
