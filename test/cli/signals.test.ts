/**
 * SIGINT and SIGTERM as `bin/run.js` meets them (needs `npm run build`): `serve` stops cleanly on
 * the first (exit 0, the normal way to stop a server), and a second signal while it waits for a
 * request in flight stops it at once with the signal's exit code, 130 or 143 (BaseCommand's
 * `untilStopped`). `migrate`'s 130 and 143 are in test/commands/migrate-faults.test.ts.
 */
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { spawnRegistry, type SpawnedRegistry } from '../helpers/registry-server.js'

const running: SpawnedRegistry[] = []
afterEach(async () => {
  for (const r of running.splice(0)) {
    if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL')
    await r.exited
  }
})

/** Opens a registration whose body never comes: resolves once the server has taken the request (its `100 Continue`). */
function requestInFlight(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /subjects/s-value/versions HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n`,
      )
    })
    let seen = ''
    socket.on('data', (d: Buffer) => {
      seen += d.toString()
      if (seen.includes('100 Continue')) resolve(socket)
    })
    socket.on('error', reject)
  })
}

/** Resolves once the server refuses new connections: it has begun to stop. */
async function refusesConnections(url: string): Promise<void> {
  const { hostname, port } = new URL(url)
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname)
      socket.once('connect', () => {
        socket.destroy()
        resolve(false)
      })
      socket.once('error', () => resolve(true))
    })
    if (refused) return
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('signals', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`serve: the first ${signal} stops it cleanly (exit 0); a second one while a request is in flight exits ${code} at once`, async () => {
      const clean = await spawnRegistry(['--memory'])
      running.push(clean)
      clean.child.kill(signal)
      expect(await clean.exited).toEqual({ code: 0, signal: null })

      const stuck = await spawnRegistry(['--memory'])
      running.push(stuck)
      const socket = await requestInFlight(stuck.url)
      try {
        stuck.child.kill(signal)
        // It stops listening, then waits for the request, whose body never comes.
        await refusesConnections(stuck.url)
        expect(stuck.child.exitCode).toBeNull()
        stuck.child.kill(signal)
        expect(await stuck.exited).toEqual({ code, signal: null })
      } finally {
        socket.destroy()
      }
    }, 60_000)
  }
})
