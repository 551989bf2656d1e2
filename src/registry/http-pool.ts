/**
 * The HTTP layer under `Transport`: Node's own http/https clients with keep-alive agents.
 *
 * Node's client rather than undici because a CLI pays for its HTTP client on every run: undici's
 * Agent loads node:http, node:http2, node:crypto and node:tls and its own ~26 modules (90-140 ms
 * of start-up measured on these machines), node:http alone 15 ms; node:https (tls, crypto) is
 * loaded only for an https URL. Parsing is Node's native llhttp, so no WebAssembly to compile.
 */
import type { Agent as HttpAgent, IncomingHttpHeaders } from 'node:http'

/** TLS settings: PEM contents; `ca` is trusted in addition to Node's roots. */
export interface PoolTls {
  ca?: string
  cert?: string
  key?: string
  insecure?: boolean
}

/** Options of an `HttpPool`. */
export interface HttpPoolOptions {
  /** Keep-alive sockets per origin. */
  connections: number
  /** How long establishing a connection may take before it counts as unreachable. */
  connectTimeoutMs: number
  tls: PoolTls
}

/** One request. */
export interface PoolRequest {
  url: URL
  method: string
  headers: Record<string, string>
  body?: string
  /** Deadline of the whole exchange (connection, headers and body); past it the request fails with code `DEADLINE`. */
  deadlineMs: number
}

/** An agent and the `request` function of its protocol's module. */
type Client = { agent: HttpAgent; request: typeof import('node:http').request }

/** A complete reply (the body read to the end). */
export interface PoolReply {
  statusCode: number
  headers: IncomingHttpHeaders
  text: string
}

/**
 * Keep-alive connection pools (one agent per protocol, created on first use) and a promise API
 * over them. Errors are Node's (`code` ECONNREFUSED, ECONNRESET, CERT_…), plus `CONNECT_TIMEOUT` and `DEADLINE`.
 */
export class HttpPool {
  private readonly agents = new Map<string, Promise<Client>>()

  constructor(private readonly options: HttpPoolOptions) {}

  /** Sends `req` and reads the whole reply. */
  async request(req: PoolRequest): Promise<PoolReply> {
    const { agent, request } = await this.agentFor(req.url.protocol)
    const headers = req.body === undefined ? req.headers : { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) }
    return new Promise<PoolReply>((resolve, reject) => {
      const outgoing = request(req.url, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', fail)
        res.on('end', () => {
          clearTimeout(deadline)
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') })
        })
      })
      // A plain timer rather than an AbortSignal: a signal's listeners per request showed up as a large share of register's CPU.
      const deadline = setTimeout(() => outgoing.destroy(failure('deadline passed', 'DEADLINE')), req.deadlineMs)
      function fail(err: Error): void {
        clearTimeout(deadline)
        reject(err)
      }
      outgoing.on('error', fail)
      outgoing.on('socket', (socket) => {
        // A reused keep-alive socket is already connected; a new one gets a bounded connect time.
        if (!socket.connecting) return
        const timer = setTimeout(() => outgoing.destroy(failure('connection timed out', 'CONNECT_TIMEOUT')), this.options.connectTimeoutMs)
        socket.once(req.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(timer))
        socket.once('close', () => clearTimeout(timer))
      })
      outgoing.end(req.body)
    })
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    for (const pending of this.agents.values()) (await pending).agent.destroy()
    this.agents.clear()
  }

  private agentFor(protocol: string): Promise<Client> {
    let pending = this.agents.get(protocol)
    if (pending === undefined) {
      const common = { keepAlive: true, maxSockets: this.options.connections }
      pending =
        protocol === 'https:'
          ? Promise.all([import('node:https'), import('node:tls')]).then(([https, { rootCertificates }]) => {
              const tls = this.options.tls
              const agent = new https.Agent({
                ...common,
                // Added to Node's trusted roots rather than replacing them, so an OAuth token endpoint with a
                // public certificate stays reachable beside a registry with a private CA.
                ...(tls.ca ? { ca: [...rootCertificates, tls.ca] } : {}),
                ...(tls.cert ? { cert: tls.cert } : {}),
                ...(tls.key ? { key: tls.key } : {}),
                rejectUnauthorized: tls.insecure !== true,
              })
              return { agent, request: https.request }
            })
          : import('node:http').then((http) => ({ agent: new http.Agent(common), request: http.request }))
      this.agents.set(protocol, pending)
    }
    return pending
  }
}

function failure(message: string, code: string): Error {
  return Object.assign(new Error(message), { code })
}
