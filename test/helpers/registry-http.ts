/** A small fetch wrapper for tests that talk to a registry over HTTP: JSON in, status + parsed body out. */

export interface HttpResult {
  status: number
  body: any
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

/** A client bound to one registry URL (or to a function giving it, read at each request). */
export function client(base: string | (() => string)) {
  const url = typeof base === 'string' ? () => base : base
  return {
    get: (path: string, headers?: Record<string, string>) => call(url(), 'GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call(url(), 'POST', path, body, headers),
    put: (path: string, body?: unknown) => call(url(), 'PUT', path, body),
    del: (path: string) => call(url(), 'DELETE', path),
  }
}

/** What `client` returns. */
export type RegistryHttp = ReturnType<typeof client>
