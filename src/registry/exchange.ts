/**
 * One HTTP exchange through an undici dispatcher, its reply body collected as text. Lighter than
 * undici's `request` API (no body stream, no AbortSignal): about a third of its CPU per request,
 * which is most of what a bulk migration spends on the client side.
 */
import type { Dispatcher } from 'undici'

/** What to send. */
export interface ExchangeRequest {
  origin: string
  /** Path and query string. */
  path: string
  method: Dispatcher.HttpMethod
  headers: Record<string, string>
  body?: string
}

/** The whole reply. */
export interface ExchangeReply {
  status: number
  text: string
  /** A response header (first value), by lower-case name. */
  header(name: string): string | undefined
}

/** The error an exchange rejects with once its deadline has passed (`connected: false` when no connection carried the request yet). */
export const DEADLINE_CODE = 'SCHEMACTL_DEADLINE'

/**
 * Sends `request` and resolves with the reply once all of it has arrived; rejects with undici's
 * error, or with an error coded `DEADLINE_CODE` when the whole exchange (waiting for a connection,
 * headers and every body chunk) takes longer than `timeoutMs`. undici's own timeouts restart with
 * every chunk, so a server trickling its reply would never time out without this deadline.
 */
export function exchange(dispatcher: Dispatcher, request: ExchangeRequest, timeoutMs: number): Promise<ExchangeReply> {
  return new Promise((resolve, reject) => {
    let status = 0
    let rawHeaders: Buffer[] = []
    const chunks: Buffer[] = []
    let abort: ((reason: Error) => void) | undefined
    let expired: Error | undefined
    const timer = setTimeout(() => {
      expired = Object.assign(new Error('deadline'), { code: DEADLINE_CODE, connected: abort !== undefined })
      // Still queued for a connection: undici has not handed over `abort` yet (onConnect does it then).
      if (abort) abort(expired)
      else reject(expired)
    }, timeoutMs)
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        if (expired) abortRequest(expired)
        else abort = abortRequest
      },
      onHeaders(statusCode, headers) {
        status = statusCode
        rawHeaders = headers
        return true
      },
      onData(chunk) {
        chunks.push(chunk)
        return true
      },
      onComplete() {
        clearTimeout(timer)
        const text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')
        resolve({ status, text, header: (name) => headerOf(rawHeaders, name) })
      },
      onError(err) {
        clearTimeout(timer)
        reject(expired ?? err)
      },
    }
    try {
      dispatcher.dispatch({ ...request, headersTimeout: timeoutMs, bodyTimeout: timeoutMs }, handler)
    } catch (err) {
      clearTimeout(timer)
      reject(err)
    }
  })
}

// undici hands headers over as alternating name and value buffers.
function headerOf(raw: Buffer[], name: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) if (raw[i].toString('latin1').toLowerCase() === name) return raw[i + 1].toString('latin1')
  return undefined
}
