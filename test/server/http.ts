/** A small fetch wrapper for the server tests: JSON in, status + parsed body out. */

export interface HttpResult {
  status: number
  body: any // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string
  headers: Headers
}

/** Sends `method path` to `base` with an optional JSON body. */
export async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const res = await fetch(base + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/vnd.schemaregistry.v1+json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.text()
  let parsed: unknown = undefined
  try {
    parsed = text === '' ? undefined : JSON.parse(text)
  } catch {
    parsed = text
  }
  return { status: res.status, body: parsed, text, headers: res.headers }
}

/** A client bound to one registry URL. */
export function client(base: string) {
  return {
    get: (path: string, headers?: Record<string, string>) => call(base, 'GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call(base, 'POST', path, body, headers),
    put: (path: string, body?: unknown) => call(base, 'PUT', path, body),
    del: (path: string) => call(base, 'DELETE', path),
  }
}

/** An Avro record schema text with the given fields (`name:type`, optional `=default` as JSON). */
export function record(name: string, ...fields: string[]): string {
  return JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((f) => {
      const [decl, def] = f.split('=')
      const [n, t] = decl.split(':')
      return def === undefined ? { name: n, type: t } : { name: n, type: t, default: JSON.parse(def) }
    }),
  })
}
