import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import { afterEach, describe, expect, it } from 'vitest'
import { DEADLINE_CODE, exchange } from '../../src/registry/exchange.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ origin: string; agent: Agent }> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const agent = new Agent({ connections: 1 })
  cleanups.push(async () => {
    await agent.destroy()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, agent }
}

describe('exchange', () => {
  it('collects a body sent in chunks (a character split between them) and reads headers by name', async () => {
    const euro = Buffer.from('€')
    const { origin, agent } = await serve((_req, res) => {
      res.writeHead(201, { 'Retry-After': '3', 'Content-Type': 'application/json' })
      res.write(Buffer.concat([Buffer.from('{"s":"'), euro.subarray(0, 1)]))
      setTimeout(() => res.end(Buffer.concat([euro.subarray(1), Buffer.from('"}')])), 20)
    })
    const reply = await exchange(agent, { origin, path: '/x', method: 'GET', headers: {} }, 5_000)
    expect(reply.status).toBe(201)
    expect(JSON.parse(reply.text)).toEqual({ s: '€' })
    expect(reply.header('retry-after')).toBe('3')
    expect(reply.header('location')).toBeUndefined()
  })

  it('sends the method, headers and body', async () => {
    const { origin, agent } = await serve((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], body })))
    })
    const reply = await exchange(agent, { origin, path: '/y', method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 5_000)
    expect(JSON.parse(reply.text)).toEqual({ method: 'POST', type: 'text/plain', body: 'hello' })
  })

  it('times out a request still waiting for a connection at its own deadline, while the one holding the connection waits for its own', async () => {
    // One connection, held by a request the server never answers: the second waits in undici's queue.
    const { origin, agent } = await serve(() => undefined)
    const settled: string[] = []
    const track = (name: string, pending: Promise<unknown>) =>
      pending.then(
        () => void settled.push(name),
        (err: unknown) => (settled.push(name), err as { code?: string; connected?: boolean }),
      )
    const first = track('first', exchange(agent, { origin, path: '/hang', method: 'GET', headers: {} }, 1_000))
    const second = await track('second', exchange(agent, { origin, path: '/queued', method: 'GET', headers: {} }, 150))
    expect(second).toMatchObject({ code: DEADLINE_CODE, connected: false })
    // Its deadline passed while still queued: it did not wait for the connection to be freed.
    expect(settled).toEqual(['second'])
    expect(await first).toMatchObject({ code: DEADLINE_CODE, connected: true })
    expect(settled).toEqual(['second', 'first'])
  })
})
