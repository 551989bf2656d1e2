/** Response helpers shared by the application and its routes. */
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /** The media type chosen from the request's Accept header. */
    responseType: string
  }
}

/**
 * Every answer carries this, as Confluent's do. Set by the send helpers rather than by an onSend
 * hook: a hook costs a trip through fastify's hook runner on every request.
 */
export const CACHE_CONTROL = 'no-cache, no-store, must-revalidate'

/** Sends `text` (already serialized) with the negotiated media type and the no-cache header. */
export function sendText(request: FastifyRequest, reply: FastifyReply, text: string, status = 200): FastifyReply {
  return reply.code(status).type(request.responseType).header('cache-control', CACHE_CONTROL).send(text)
}

/** Sends `value` as JSON with the negotiated media type. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return sendText(request, reply, JSON.stringify(value), status)
}

/** Items of a list answered in one piece; a longer list is streamed (see sendJsonList). */
export const STREAM_LIST_ITEMS = 1000

/**
 * Sends `items` as a JSON array: the same bytes as sendJson, but a long list (every subject of a large
 * registry) goes out as a stream of STREAM_LIST_ITEMS-item pieces, never built into one string.
 */
export function sendJsonList(request: FastifyRequest, reply: FastifyReply, items: readonly unknown[]): FastifyReply {
  if (items.length <= STREAM_LIST_ITEMS) return sendJson(request, reply, items)
  function* pieces(): Generator<string> {
    for (let i = 0; i < items.length; i += STREAM_LIST_ITEMS) {
      const json = JSON.stringify(items.slice(i, i + STREAM_LIST_ITEMS))
      // Each piece is its slice's array without the brackets: joined by commas inside one pair of them.
      yield `${i === 0 ? '[' : ','}${json.slice(1, -1)}${i + STREAM_LIST_ITEMS >= items.length ? ']' : ''}`
    }
  }
  return reply
    .code(200)
    .type(request.responseType)
    .header('cache-control', CACHE_CONTROL)
    .send(Readable.from(pieces(), { objectMode: false }))
}
