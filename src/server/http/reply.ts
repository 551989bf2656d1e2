/** Response helpers shared by the application and its routes. */
import type { FastifyReply, FastifyRequest } from 'fastify'

declare module 'fastify' {
  interface FastifyRequest {
    /** The media type chosen from the request's Accept header. */
    responseType: string
  }
}

/** Sends `value` as JSON with the negotiated media type. */
export function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown, status = 200): FastifyReply {
  return reply.code(status).type(request.responseType).send(JSON.stringify(value))
}
