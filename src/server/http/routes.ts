/** The Confluent REST endpoints, each a thin adapter from HTTP to a `RegistryService` operation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { readFileSync } from 'node:fs'
import { RestError } from '../rest-error.js'
import type { ListOptions, RegistryService } from '../registry-service.js'
import { TOPIC } from '../associations.js'
import { SCHEMA_TYPES } from '../service/request.js'
import { normalizeContext } from '../subject-name.js'
import { CACHE_CONTROL, sendJson, sendJsonList, sendText } from './reply.js'

type Query = Record<string, string | undefined>
type Params = Record<string, string>

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version

function flag(query: Query, name: string): boolean {
  return query[name]?.toLowerCase() === 'true'
}

/** `true` when set, else undefined: as in Confluent, a false or absent flag lets the config decide. */
function optionalFlag(query: Query, name: string): boolean | undefined {
  return flag(query, name) ? true : undefined
}

function int(query: Query, name: string): number | undefined {
  const raw = query[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number.parseInt(raw, 10)
  return Number.isFinite(n) ? n : undefined
}

function listOptions(query: Query): ListOptions {
  return { deleted: flag(query, 'deleted'), deletedOnly: flag(query, 'deletedOnly'), offset: int(query, 'offset'), limit: int(query, 'limit') }
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) throw new RestError(422, 'Request body is required')
  if (typeof body !== 'object' || Array.isArray(body)) throw new RestError(422, 'Request body must be a JSON object')
  return body as Record<string, unknown>
}

function schemaId(raw: string): number | undefined {
  return /^\d{1,10}$/.test(raw) ? Number(raw) : undefined
}

function notFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendJson(request, reply, { error_code: 404, message: 'HTTP 404 Not Found' }, 404)
}

type Handler = (req: FastifyRequest<{ Params: Params; Querystring: Query }>, reply: FastifyReply) => unknown

/** Registers every endpoint on `app`. */
export function registerRoutes(app: FastifyInstance, registry: RegistryService): void {
  // Reads answer from memory, which may hold writes whose fsync is still running: wait for it.
  const settled = (_req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const pending = registry.settled()
    if (!pending) return done()
    pending.then(() => done(), done)
  }
  const get = (url: string, handler: Handler) => app.route({ method: 'GET', url, preHandler: settled, handler: handler as never })
  const route = (method: 'POST' | 'PUT' | 'DELETE', url: string, handler: Handler, reads = false) =>
    app.route({ method, url, ...(reads ? { preHandler: settled } : {}), handler: handler as never })

  get('/', (req, reply) => sendJson(req, reply, {}))
  get('/v1/metadata/id', (req, reply) => sendJson(req, reply, { scope: { path: [], clusters: {} }, id: 'schemactl' }))
  get('/v1/metadata/version', (req, reply) => sendJson(req, reply, { version: VERSION, commitId: '' }))

  // ---- schemas ----
  get('/schemas/types', (req, reply) => sendJson(req, reply, SCHEMA_TYPES))
  get('/schemas', (req, reply) =>
    sendJson(
      req,
      reply,
      registry.listSchemas(req.query.subjectPrefix ?? ':*:', {
        ...listOptions(req.query),
        latestOnly: flag(req.query, 'latestOnly'),
        ruleType: req.query.ruleType,
      }),
    ),
  )
  get('/schemas/guids/:guid', (req, reply) => sendJson(req, reply, registry.getSchemaByGuid(req.params.guid, req.query.format)))
  get('/schemas/ids/:id', (req, reply) => {
    const id = schemaId(req.params.id)
    if (id === undefined) return notFound(req, reply)
    return sendJson(req, reply, registry.getSchemaById(id, { subject: req.query.subject, fetchMaxId: flag(req.query, 'fetchMaxId'), format: req.query.format }))
  })
  get('/schemas/ids/:id/schema', (req, reply) => {
    const id = schemaId(req.params.id)
    if (id === undefined) return notFound(req, reply)
    return sendText(req, reply, registry.getRawSchemaById(id, req.query.subject, req.query.format))
  })
  get('/schemas/ids/:id/subjects', (req, reply) => {
    const id = schemaId(req.params.id)
    if (id === undefined) return notFound(req, reply)
    return sendJsonList(req, reply, registry.schemaSubjects(id, { ...listOptions(req.query), subject: req.query.subject }))
  })
  get('/schemas/ids/:id/versions', (req, reply) => {
    const id = schemaId(req.params.id)
    if (id === undefined) return notFound(req, reply)
    return sendJsonList(req, reply, registry.schemaVersions(id, { subject: req.query.subject, deleted: flag(req.query, 'deleted') }))
  })

  // ---- subjects ----
  get('/subjects', (req, reply) => sendJsonList(req, reply, registry.listSubjects(req.query.subjectPrefix ?? ':*:', listOptions(req.query))))
  get('/subjects/:subject/versions', (req, reply) =>
    sendJsonList(req, reply, registry.listVersions(req.params.subject, { ...listOptions(req.query), deletedAsNegative: flag(req.query, 'deletedAsNegative') })),
  )
  route('POST', '/subjects/:subject/versions', async (req, reply) =>
    sendJson(req, reply, await registry.register(req.params.subject, bodyObject(req.body), optionalFlag(req.query, 'normalize'))),
  )
  route(
    'POST',
    '/subjects/:subject',
    (req, reply) => {
      const entry = registry.lookup(req.params.subject, bodyObject(req.body), {
        normalize: optionalFlag(req.query, 'normalize'),
        deleted: flag(req.query, 'deleted'),
      })
      return sendJson(req, reply, registry.schemaView(entry, req.query.format))
    },
    true,
  )
  route('DELETE', '/subjects/:subject', async (req, reply) =>
    sendJson(req, reply, await registry.deleteSubject(req.params.subject, flag(req.query, 'permanent'))),
  )
  get('/subjects/:subject/metadata', (req, reply) => {
    // key=…&value=… pairs, repeated: read in order from the query string, which the parsed query folds.
    const params = new URLSearchParams(req.url.split('?')[1] ?? '')
    const keys = params.getAll('key')
    const values = params.getAll('value')
    const wanted = Object.fromEntries(keys.map((k, i) => [k, values[i] ?? '']))
    return sendJson(req, reply, registry.schemaView(registry.latestWithMetadata(req.params.subject, wanted, flag(req.query, 'deleted')), req.query.format))
  })
  get('/subjects/:subject/versions/:version', (req, reply) =>
    sendJson(req, reply, registry.schemaView(registry.getVersion(req.params.subject, req.params.version, flag(req.query, 'deleted')), req.query.format)),
  )
  get('/subjects/:subject/versions/:version/schema', (req, reply) =>
    sendText(req, reply, registry.schemaText(registry.getVersion(req.params.subject, req.params.version, flag(req.query, 'deleted')), req.query.format)),
  )
  get('/subjects/:subject/versions/:version/referencedby', (req, reply) =>
    sendJsonList(req, reply, registry.referencedBy(req.params.subject, req.params.version, listOptions(req.query))),
  )
  route('DELETE', '/subjects/:subject/versions/:version', async (req, reply) =>
    sendJson(req, reply, await registry.deleteVersion(req.params.subject, req.params.version, flag(req.query, 'permanent'))),
  )

  // ---- compatibility ----
  const compatibility = (req: FastifyRequest<{ Params: Params; Querystring: Query }>, reply: FastifyReply) =>
    sendJson(
      req,
      reply,
      registry.checkCompatibility(req.params.subject, req.params.version, bodyObject(req.body), {
        verbose: flag(req.query, 'verbose'),
        normalize: optionalFlag(req.query, 'normalize'),
      }),
    )
  route('POST', '/compatibility/subjects/:subject/versions/:version', compatibility, true)
  route('POST', '/compatibility/subjects/:subject/versions', compatibility, true)

  // ---- config and mode ----
  for (const kind of ['config', 'mode'] as const) {
    const read = kind === 'config' ? registry.getConfig.bind(registry) : registry.getMode.bind(registry)
    const remove = kind === 'config' ? registry.deleteConfig.bind(registry) : registry.deleteMode.bind(registry)
    const write = (scope: string | null, body: Record<string, unknown>, query: Query) =>
      kind === 'config' ? registry.putConfig(scope, body) : registry.putMode(scope, body, flag(query, 'force'))
    get(`/${kind}`, (req, reply) => sendJson(req, reply, read(null, flag(req.query, 'defaultToGlobal'))))
    get(`/${kind}/:subject`, (req, reply) => sendJson(req, reply, read(req.params.subject, flag(req.query, 'defaultToGlobal'))))
    route('PUT', `/${kind}`, async (req, reply) => sendJson(req, reply, await write(null, bodyObject(req.body), req.query)))
    route('PUT', `/${kind}/:subject`, async (req, reply) => sendJson(req, reply, await write(req.params.subject, bodyObject(req.body), req.query)))
    route('DELETE', `/${kind}`, async (req, reply) => sendJson(req, reply, await remove(null)))
    route('DELETE', `/${kind}/:subject`, async (req, reply) => sendJson(req, reply, await remove(req.params.subject)))
  }

  // ---- associations ----
  const associationFilter = (req: FastifyRequest<{ Querystring: Query }>) => {
    const params = new URLSearchParams(req.url.split('?')[1] ?? '')
    return {
      resourceType: req.query.resourceType || TOPIC,
      associationTypes: params.getAll('associationType'),
      ...(req.query.lifecycle ? { lifecycle: req.query.lifecycle } : {}),
    }
  }
  const pageOf = (query: Query) => ({ offset: int(query, 'offset'), limit: int(query, 'limit') })
  get('/associations/subjects/:subject', (req, reply) =>
    sendJson(req, reply, registry.listAssociations({ subject: req.params.subject }, associationFilter(req), pageOf(req.query))),
  )
  get('/associations/resources/:resourceId', (req, reply) =>
    sendJson(req, reply, registry.listAssociations({ resourceId: req.params.resourceId }, associationFilter(req), pageOf(req.query))),
  )
  get('/associations/resources/:resourceNamespace/:resourceName', (req, reply) =>
    sendJson(
      req,
      reply,
      registry.listAssociations(
        { resourceNamespace: req.params.resourceNamespace, resourceName: req.params.resourceName },
        associationFilter(req),
        pageOf(req.query),
      ),
    ),
  )
  route('POST', '/associations', async (req, reply) =>
    sendJson(req, reply, await registry.putAssociations(bodyObject(req.body), { createOnly: true, dryRun: flag(req.query, 'dryRun') })),
  )
  route('PUT', '/associations/resources/:resourceId', async (req, reply) =>
    sendJson(
      req,
      reply,
      await registry.putAssociations(bodyObject(req.body), { createOnly: false, dryRun: flag(req.query, 'dryRun'), pathResourceId: req.params.resourceId }),
    ),
  )
  route('DELETE', '/associations/resources/:resourceId', async (req, reply) => {
    await registry.deleteAssociations(req.params.resourceId, associationFilter(req), {
      cascadeLifecycle: flag(req.query, 'cascadeLifecycle'),
      dryRun: flag(req.query, 'dryRun'),
    })
    return reply.code(204).header('cache-control', CACHE_CONTROL).send()
  })

  // ---- contexts ----
  get('/contexts', (req, reply) => sendJsonList(req, reply, registry.listContexts(req.query.contextPrefix ?? '', listOptions(req.query))))
  route('DELETE', '/contexts/:context', (req, reply) => {
    registry.deleteContext(normalizeContext(req.params.context))
    return reply.code(204).header('cache-control', CACHE_CONTROL).send()
  })
}
