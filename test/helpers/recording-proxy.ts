/**
 * A recording proxy in front of a real registry (`schemactl serve`): every request is forwarded as
 * is and answered with the registry's reply, and kept (method, URL, body) so a test can assert
 * what a command sent. Not a fake: the answers are the real server's.
 */
import { json, startFaultServer, type SeenRequest } from '../registry/fault-server.js'

/** A proxy's URL, the requests it forwarded (in order) and its close function. */
export interface RecordingProxy {
  url: string
  requests: SeenRequest[]
  /** The JSON bodies of the requests whose method and path (without query) match. */
  bodies(method: string, path: string | RegExp): unknown[]
  close(): Promise<void>
}

/** Starts a proxy on 127.0.0.1:0 that forwards every request to `target`. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const server = await startFaultServer((req, res) => {
    void fetch(target + req.url, {
      method: req.method,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      ...(req.body !== '' ? { body: req.body } : {}),
    }).then(
      async (reply) => json(res, reply.status, await reply.json()),
      (err: unknown) => json(res, 502, { error_code: 50201, message: String(err) }),
    )
  })
  return {
    url: server.url,
    requests: server.requests,
    bodies: (method, path) =>
      server.requests
        .filter((r) => r.method === method && (typeof path === 'string' ? r.url.split('?')[0] === path : path.test(r.url.split('?')[0])))
        .map((r) => JSON.parse(r.body) as unknown),
    close: server.close,
  }
}
