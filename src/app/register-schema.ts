import { UsageError } from '../errors.js'
import type { RegistryClient } from '../registry/client.js'
import { hasRegistryCode } from '../registry/errors.js'
import type { RegisterRequest, SchemaReference, SchemaType } from '../registry/types.js'
import { withRegistry, type RegistryContext } from './registry-session.js'
import { invalidSchemaAsInput, readSchemaInput } from './schema-input.js'
import { referencesFromWorkspace } from './workspace-references.js'

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
  return withRegistry(ctx, async (client) => {
    // Without --references, an .avsc file in a workspace gets the references its named types imply.
    const references = options.references ?? (file !== '-' && file.endsWith('.avsc') && input.schemaType === 'AVRO' ? await referencesFromWorkspace(client, file) : [])
    const request: RegisterRequest = { schema: input.schema, schemaType: input.schemaType, ...(references.length ? { references } : {}) }
    try {
      const outcome = await registerOne(client, subject, file, request, { normalize: options.normalize, dryRun: options.dryRun })
      return { registry: client.url, dryRun: options.dryRun === true, outcomes: [outcome] }
    } catch (err) {
      throw invalidSchemaAsInput(err, file)
    }
  })
}

/** What `registerOne` needs of a registry client. */
export type RegistrationClient = Pick<RegistryClient, 'lookup' | 'register' | 'checkCompatibility'>

/**
 * Registers `request` under `subject` unless an identical schema is already there: lookup first
 * (so "existing" is known without creating anything), then register; a 409 becomes an
 * `incompatible` outcome with the verbose reasons. `subjectExists: false` (the caller listed the
 * subjects) skips the lookup.
 */
export async function registerOne(
  client: RegistrationClient,
  subject: string,
  file: string,
  request: RegisterRequest,
  options: { normalize?: boolean; dryRun?: boolean; subjectExists?: boolean },
): Promise<RegistrationOutcome> {
  const refs = request.references?.length ? { references: request.references } : {}
  // A subject known not to exist holds nothing to look up and nothing to be incompatible with.
  const isNew = options.subjectExists === false
  const existing = isNew
    ? undefined
    : await client.lookup(subject, request, { normalize: options.normalize }).catch((err: unknown) => {
        if (hasRegistryCode(err, 'SCHEMA_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
        throw err
      })
  if (existing) return { subject, file, status: 'existing', id: existing.id, version: existing.version, ...refs }
  if (options.dryRun && isNew) return { subject, file, status: 'planned', ...refs }
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
