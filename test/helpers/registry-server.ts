/**
 * Starts the real registry for tests: in-process (`startTestRegistry`) or as the real binary
 * in a child process (`spawnRegistry`, for kill and restart tests).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { startRegistryServer, type RegistryServerOptions } from '../../src/server/index.js'
import { client, type RegistryHttp } from './registry-http.js'

/** A registry started for a test. */
export interface TestRegistry {
  url: string
  /** The data folder (undefined in memory mode). */
  data?: string
  close(): Promise<void>
}

/** Makes a temporary folder (removed by the returned function). */
export function makeTempDir(prefix = 'schemactl-serve-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/**
 * Starts the real server in-process on 127.0.0.1 with an ephemeral port: in memory by default,
 * or durable with `{durable: true}` (a temporary data folder removed on close) or `{data}`.
 */
export async function startTestRegistry(opts: TestRegistryOptions = {}): Promise<TestRegistry> {
  const { durable, ...rest } = opts
  const temp = durable && !rest.data ? makeTempDir() : undefined
  const data = rest.data ?? temp?.dir
  const server = await startRegistryServer({ logLevel: 'error', ...rest, data, memory: !data, host: '127.0.0.1', port: 0 })
  return {
    url: server.url,
    data,
    close: async () => {
      await server.close()
      temp?.remove()
    },
  }
}

/** What `startTestRegistry` takes: the server's options but its address, and `durable` for a temporary data folder. */
export type TestRegistryOptions = Omit<RegistryServerOptions, 'port' | 'host'> & { durable?: boolean }

/** The registry of a test file (see `useTestRegistry`); read its members inside tests and hooks, once it has started. */
export interface RegistryForTests {
  /** The running registry (throws before it has started). */
  readonly registry: TestRegistry
  readonly url: string
  /** A JSON client bound to the registry (usable at the top level: it reads the URL at each request). */
  readonly http: RegistryHttp
}

/**
 * Starts a registry (`startTestRegistry` with `options`) for the tests of the calling file or
 * describe block and closes it after them: once for all of them by default, or a fresh, empty one
 * for each test with `per: 'test'`. It registers the vitest hooks itself, so call it at the top
 * level of a file or a describe block; hooks declared after it run once the registry is up.
 */
export function useTestRegistry(options: TestRegistryOptions & { per?: 'file' | 'test' } = {}): RegistryForTests {
  const { per = 'file', ...startOptions } = options
  let running: TestRegistry | undefined
  const [before, after] = per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll]
  before(async () => {
    running = await startTestRegistry(startOptions)
  })
  after(async () => {
    await running?.close()
    running = undefined
  })
  const started = (): TestRegistry => {
    if (running === undefined) throw new Error('the test registry is not running: read it inside a test or a hook')
    return running
  }
  return {
    get registry() {
      return started()
    },
    get url() {
      return started().url
    },
    http: client(() => started().url),
  }
}

/** A registry running as a child process of the real binary. */
export interface SpawnedRegistry {
  url: string
  child: ChildProcess
  /** Everything the process wrote to stderr so far. */
  stderr: () => string
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/**
 * Spawns `bin/run.js serve --port 0 …args` and resolves once it prints its URL; rejects with its
 * stderr if it exits first. Needs a build (`npm run build`): the binary runs `dist/`.
 */
export function spawnRegistry(args: string[]): Promise<SpawnedRegistry> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) resolve({ url: m[1], child, stderr: () => err, exited })
    })
    void exited.then(({ code, signal }) => reject(new Error(`registry exited (${code ?? signal}) before listening: ${err}`)))
  })
}
