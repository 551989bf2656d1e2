/**
 * The fastify application: content negotiation, basic auth, the `/contexts/{ctx}/…` URL form,
 * Confluent-shaped errors (404/405/415/406/400/414/422/431/500, 503 while shutting down) for every
 * answer, also those of fastify's router and of node's HTTP parser, and one log line per request at debug.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { Socket } from 'node:net'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { RestError } from '../rest-error.js'
import { normalizeContext } from '../subject-name.js'
import type { RegistryService } from '../registry-service.js'
import { keepInexactNumbersAsText } from '../exact-numbers.js'
import { ACCEPTED_BODY_TYPES, DEFAULT_RESPONSE_TYPE, isAcceptedBodyType, selectResponseType } from './negotiation.js'
import { CACHE_CONTROL } from './reply.js'
import { registerRoutes } from './routes.js'

/** Options of the HTTP application. */
export interface AppOptions {
  /** user → password; empty means no authentication. */
  users: ReadonlyMap<string, string>
  /** Receives one line per request when set. */
  logRequest?: (line: string) => void
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, errorCode: number, message: string): FastifyReply {
  return reply
    .code(status)
    .type(request.responseType || DEFAULT_RESPONSE_TYPE)
    .header('cache-control', CACHE_CONTROL)
    .send(JSON.stringify({ error_code: errorCode, message }))
}

/** Bytes the request line and headers may take (node's default, set here so that the 431 message is true). */
const MAX_HEADER_BYTES = 16 * 1024
/** Characters a path segment (a subject) may take. */
const MAX_SEGMENT_CHARS = 4096

/**
 * Answers what node's HTTP parser refuses before fastify sees a request (malformed request,
 * request line and headers over MAX_HEADER_BYTES, headers too slow), then closes the connection.
 */
function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  let status = 400
  let message = `HTTP 400 Bad Request: not a valid HTTP request (${err.code ?? err.message})`
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431
    message = `HTTP 431 Request Header Fields Too Large: the request line and headers exceed ${MAX_HEADER_BYTES} bytes`
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408
    message = 'HTTP 408 Request Timeout'
  }
  // Not while an answer to an earlier request on this connection is being written: it would be cut into.
  const inProgress = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true
  if (socket.writable && !inProgress) {
    const body = JSON.stringify({ error_code: status, message })
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Type: ${DEFAULT_RESPONSE_TYPE}\r\nCache-Control: ${CACHE_CONTROL}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy()
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }

const CONTEXT_URL = /^\/contexts\/([^/?]+)\/(subjects|config|mode|schemas|compatibility)(\/[^?]*)?(\?.*)?$/

/** Rewrites `/contexts/{ctx}/…` to the qualified-subject form (docs/registry-api.md, "Subjects and contexts"). */
export function rewriteContextUrl(url: string): string {
  const m = CONTEXT_URL.exec(url)
  if (!m) return url
  const [, rawCtx, kind, rest = '', query = ''] = m
  let ctx: string
  try {
    ctx = normalizeContext(decodeURIComponent(rawCtx))
  } catch {
    return url
  }
  const prefix = `:${ctx}:`
  const withQuery = (path: string, extra?: string) => (extra ? `${path}${query ? `${query}&` : '?'}${extra}` : `${path}${query}`)
  // A list scoped to the context: a subjectPrefix of the request applies within it.
  const listIn = (path: string) => {
    const params = new URLSearchParams(query.slice(1))
    params.set('subjectPrefix', prefix + (params.get('subjectPrefix') ?? ''))
    return `${path}?${params}`
  }
  const isList = rest === '' || rest === '/'
  switch (kind) {
    case 'subjects':
      return isList ? listIn('/subjects') : withQuery(`/subjects/${prefix}${rest.slice(1)}`)
    case 'config':
    case 'mode':
      return withQuery(`/${kind}/${prefix}${rest.slice(1)}`)
    case 'schemas':
      return isList ? listIn('/schemas') : withQuery(`/schemas${rest}`, `subject=${encodeURIComponent(prefix)}`)
    default: {
      const sub = /^\/subjects\/(.+)$/.exec(rest)
      return sub ? withQuery(`/compatibility/subjects/${prefix}${sub[1]}`) : url
    }
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

function isAuthorized(header: string | undefined, users: ReadonlyMap<string, string>): boolean {
  if (!header?.startsWith('Basic ')) return false
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return false
  const expected = users.get(decoded.slice(0, colon))
  // Compare digests so that the comparison takes the same time whatever the lengths.
  return expected !== undefined && timingSafeEqual(digest(expected), digest(decoded.slice(colon + 1)))
}

function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/')
  return new RegExp(`^${source}/?$`)
}

/** Builds the application with every route of the Confluent API. */
export function buildApp(registry: RegistryService, options: AppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    rewriteUrl: (req) => rewriteContextUrl(req.url ?? '/'),
    routerOptions: { maxParamLength: MAX_SEGMENT_CHARS, ignoreTrailingSlash: true },
    bodyLimit: 16 * 1024 * 1024,
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    clientErrorHandler: answerClientError,
    // What the router refuses before any route or hook runs; its own answers echo the whole path.
    frameworkErrors: (err, request, reply) => {
      if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
        return sendError(request, reply, 414, 414, `HTTP 414 URI Too Long: a path segment is longer than ${MAX_SEGMENT_CHARS} characters`)
      }
      if (err.code === 'FST_ERR_BAD_URL') return sendError(request, reply, 400, 400, 'HTTP 400 Bad Request: the URL has an invalid percent-encoding')
      return sendError(request, reply, 500, 500, err.message)
    },
    // Answered below in Confluent's error shape instead of fastify's own body.
    return503OnClosing: false,
  })
  let closing = false
  app.addHook('preClose', (done) => {
    closing = true
    done()
  })
  const routes: Array<{ method: string; pattern: RegExp }> = []
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, pattern: routePattern(route.url) })
  })
  app.decorateRequest('responseType', '')

  app.removeAllContentTypeParsers()
  const parseBody = (request: FastifyRequest, body: string | Buffer, done: (err: Error | null, body?: unknown) => void) => {
    if (!isAcceptedBodyType(request.headers['content-type'])) {
      done(new RestError(415, 'HTTP 415 Unsupported Media Type'), undefined)
      return
    }
    if (body === '') {
      done(null, undefined)
      return
    }
    try {
      done(null, keepInexactNumbersAsText(body as string, JSON.parse(body as string)))
    } catch (err) {
      done(new RestError(400, (err as Error).message), undefined)
    }
  }
  // The accepted types get a parser of their own although '*' alone would do: fastify caches the
  // parser it finds for a Content-Type, but not a fallback to '*', which it looks up anew each time.
  for (const type of ACCEPTED_BODY_TYPES) app.addContentTypeParser(type, { parseAs: 'string' }, parseBody)
  app.addContentTypeParser('*', { parseAs: 'string' }, parseBody)

  app.addHook('onRequest', (request, reply, done) => {
    const type = selectResponseType(request.headers.accept)
    request.responseType = type ?? DEFAULT_RESPONSE_TYPE
    if (closing) {
      // A request pipelined behind one still running when shutdown began: the registry stops taking work.
      reply.header('connection', 'close')
      sendError(request, reply, 503, 503, 'HTTP 503 Service Unavailable: the registry is shutting down')
      return
    }
    if (options.users.size > 0 && !isAuthorized(request.headers.authorization, options.users)) {
      reply.header('www-authenticate', 'Basic realm="schemactl"')
      sendError(request, reply, 401, 401, 'Unauthorized')
      return
    }
    if (!type) {
      sendError(request, reply, 406, 406, 'HTTP 406 Not Acceptable')
      return
    }
    done()
  })
  // Keep-alive connections that fall idle while shutting down would hold it until they time out;
  // closed once their answer is out (a request pipelined behind it still gets its 503).
  app.addHook('onResponse', (_request, _reply, done) => {
    if (closing) setImmediate(() => app.server.closeIdleConnections())
    done()
  })
  if (options.logRequest) {
    const log = options.logRequest
    app.addHook('onResponse', (request, reply, done) => {
      log(`${request.method} ${request.url} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms`)
      done()
    })
  }

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (err instanceof RestError) return sendError(request, reply, err.status, err.errorCode, err.message)
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(request, reply, 413, 413, 'HTTP 413 Request Entity Too Large')
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(request, reply, err.statusCode, err.statusCode, err.message)
    return sendError(request, reply, 500, 500, err.message)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]
    const otherMethod = routes.some((r) => r.method !== request.method && r.method !== 'HEAD' && r.pattern.test(path))
    if (otherMethod) return sendError(request, reply, 405, 405, 'HTTP 405 Method Not Allowed')
    return sendError(request, reply, 404, 404, 'HTTP 404 Not Found')
  })

  registerRoutes(app, registry)
  return app
}
