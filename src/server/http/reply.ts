/** Response helpers shared by the application and its routes. */
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
