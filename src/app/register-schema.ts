import { UsageError } from '../errors.js'
import type { RegistryClient } from '../registry/client.js'
import { hasRegistryCode } from '../registry/errors.js'
import type { RegisterRequest, SchemaReference, SchemaType } from '../registry/types.js'
import { withRegistry, type RegistryContext } from './registry-session.js'
import { invalidSchemaAsInput, readSchemaInput } from './schema-input.js'

/** What happened to one subject's schema. */
export interface RegistrationOutcome {
  subject: string
  file: string
  /**
   * `registered`: a new version; `existing`: already registered (nothing sent); `incompatible`:
   * refused; `planned`: dry run; `blocked`: a subject it references was not registered.
   */
  status: 'registered' | 'existing' | 'incompatible' | 'planned' | 'blocked'
  id?: number
  version?: number
  references?: SchemaReference[]
  /** Why it is incompatible (registry verbose messages) or blocked. */
  messages?: string[]
}

/** Result of `registerSchemaFile`. */
export interface RegisterResult {
  registry: string
  dryRun: boolean
  outcomes: RegistrationOutcome[]
}

/**
 * Registers one schema file (or stdin) under `subject` (default: the subject the file name implies).
 * An already registered schema is reported as `existing` without a new version; an incompatible one
 * as `incompatible` with the registry's reasons (the command exits 1). `dryRun` only looks up and checks.
 */
export async function registerSchemaFile(
  ctx: RegistryContext,
  file: string,
  options: { subject?: string; schemaType?: SchemaType; references?: SchemaReference[]; normalize?: boolean; dryRun?: boolean },
): Promise<RegisterResult> {
  const input = await readSchemaInput(file, { schemaType: options.schemaType })
  const subject = options.subject ?? input.subjectFromPath
  if (subject === undefined) throw new UsageError('Cannot tell the subject from stdin', { code: 'SUBJECT_REQUIRED', hint: 'Pass --subject.' })
  const request: RegisterRequest = { schema: input.schema, schemaType: input.schemaType, ...(options.references?.length ? { references: options.references } : {}) }
  return withRegistry(ctx, async (client) => {
    try {
      const outcome = await registerOne(client, subject, file, request, { normalize: options.normalize, dryRun: options.dryRun })
      return { registry: client.url, dryRun: options.dryRun === true, outcomes: [outcome] }
    } catch (err) {
      throw invalidSchemaAsInput(err, file)
    }
  })
}

/**
 * Registers `request` under `subject` unless an identical schema is already there: lookup first
 * (so "existing" is known without creating anything), then register; a 409 becomes an
 * `incompatible` outcome with the verbose reasons.
 */
export async function registerOne(
  client: RegistryClient,
  subject: string,
  file: string,
  request: RegisterRequest,
  options: { normalize?: boolean; dryRun?: boolean },
): Promise<RegistrationOutcome> {
  const refs = request.references?.length ? { references: request.references } : {}
  const existing = await client.lookup(subject, request, { normalize: options.normalize }).catch((err: unknown) => {
    if (hasRegistryCode(err, 'SCHEMA_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
    throw err
  })
  if (existing) return { subject, file, status: 'existing', id: existing.id, version: existing.version, ...refs }
  if (options.dryRun) {
    const check = await client.checkCompatibility(subject, request, { verbose: true, normalize: options.normalize })
    return check.isCompatible ? { subject, file, status: 'planned', ...refs } : { subject, file, status: 'incompatible', messages: check.messages ?? [], ...refs }
  }
  try {
    const reply = await client.register(subject, request, { normalize: options.normalize })
    // Registries before CP 8 reply with only the id; the version comes from a lookup.
    const version = reply.version ?? (await client.lookup(subject, request, { normalize: options.normalize })).version
    return { subject, file, status: 'registered', id: reply.id, version, ...refs }
  } catch (err) {
    if (!hasRegistryCode(err, 'INCOMPATIBLE_SCHEMA')) throw err
    const check = await client.checkCompatibility(subject, request, { verbose: true, normalize: options.normalize }).catch(() => undefined)
    return { subject, file, status: 'incompatible', messages: check?.messages ?? [err.details.registryMessage ?? err.message], ...refs }
  }
}
