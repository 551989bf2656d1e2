import { UsageError } from '../../errors.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { CompatibilityCheck, RegisterRequest, SchemaReference, SchemaType } from '../../registry/types.js'
import { readSchemaContract, type ContractFiles } from '../input/contract.js'
import type { ReadOptions } from '../../workspace/read-file.js'
import { readableVerdict, type PlacedDifference } from '../verdict.js'
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { invalidSchemaAsInput, readSchemaInput } from '../input/schema.js'
import { referencesFromWorkspace } from '../input/workspace-references.js'

/** What happened to one subject's schema. */
export interface RegistrationOutcome {
  subject: string
  file: string
  /**
   * `registered`: a new version; `existing`: already registered (nothing sent); `incompatible`:
   * refused; `planned`: dry run; `blocked`: not registered because of another subject or version
   * (one it references or follows was not registered, or the folder was refused as a whole);
   * `conflict`: the registry's history of the subject is not the start of the folder's.
   */
  status: 'registered' | 'existing' | 'incompatible' | 'planned' | 'blocked' | 'conflict'
  id?: number
  version?: number
  references?: SchemaReference[]
  /** Why it is incompatible (registry verbose messages) or blocked. */
  messages?: string[]
  /** Incompatible: the registry's messages read, each difference placed at file:line:col (see verdict.ts); those in no known format in `otherMessages`. */
  differences?: PlacedDifference[]
  otherMessages?: string[]
}

/** Result of `registerSchemaFile`. */
export interface RegisterResult {
  registry: string
  dryRun: boolean
  outcomes: RegistrationOutcome[]
}

/**
 * Registers one schema file (or stdin) under `subject` (default: the subject the file name implies),
 * with its data contract: the contract file beside it (`3.contract.json` beside `3.avsc`), each
 * member replaced by `metadata` or `ruleSet` when given (files, checked before any request). A
 * member sent neither way is left to the registry, which inherits the previous version's.
 * An already registered schema (same contract, as the registry looks it up) is reported as
 * `existing` without a new version; an incompatible one as `incompatible` with the registry's
 * reasons (the command exits 1). `dryRun` only looks up and checks.
 */
export async function registerSchemaFile(
  ctx: RegistryContext,
  file: string,
  options: {
    subject?: string
    schemaType?: SchemaType
    references?: SchemaReference[]
    normalize?: boolean
    dryRun?: boolean
    followExternalLinks?: boolean
  } & ContractFiles,
): Promise<RegisterResult> {
  // Refused before anything is sent when `check` would refuse the file (schema-input.ts).
  const input = await readSchemaInput(file, {
    schemaType: options.schemaType,
    followExternalLinks: options.followExternalLinks,
    namesFromReferences: (options.references?.length ?? 0) > 0,
  })
  const subject = options.subject ?? input.subjectFromPath
  if (subject === undefined) throw new UsageError('Cannot tell the subject from stdin', { code: 'SUBJECT_REQUIRED', hint: 'Pass --subject.' })
  const contract = readSchemaContract(file, options)
  return withRegistry(ctx, async (client) => {
    // Without --references, an .avsc file in a workspace gets the references its named types imply.
    const references = options.references ?? (file !== '-' ? await referencesFromWorkspace(client, file, input.schemaType) : [])
    const request: RegisterRequest = {
      schema: input.schema,
      schemaType: input.schemaType,
      ...(references.length ? { references } : {}),
      ...contractMembers(contract),
    }
    try {
      const outcome = await registerOne(client, subject, file, request, { normalize: options.normalize, dryRun: options.dryRun })
      const outcomes = await withReadableVerdicts(client, [outcome], () => input.schemaType, { followExternalLinks: options.followExternalLinks })
      return { registry: client.url, dryRun: options.dryRun === true, outcomes }
    } catch (err) {
      throw invalidSchemaAsInput(err, file)
    }
  })
}

/** The `metadata` and `ruleSet` members of a request, as the contract input gives them (none when absent). */
export function contractMembers(contract: { metadata?: unknown; ruleSet?: unknown } | undefined): Pick<RegisterRequest, 'metadata' | 'ruleSet'> {
  return {
    ...(contract?.metadata != null ? { metadata: contract.metadata as Record<string, unknown> } : {}),
    ...(contract?.ruleSet != null ? { ruleSet: contract.ruleSet as Record<string, unknown> } : {}),
  }
}

/**
 * `outcomes` with each incompatible one's messages read and placed in its file (`schemaTypeOf`
 * gives its type), the registered schemas the messages do not quote read from `client`.
 */
export async function withReadableVerdicts(
  client: Pick<RegistryClient, 'getVersion'>,
  outcomes: RegistrationOutcome[],
  schemaTypeOf: (file: string) => SchemaType,
  options: ReadOptions,
): Promise<RegistrationOutcome[]> {
  return Promise.all(
    outcomes.map(async (o) => {
      if (o.status !== 'incompatible' || o.messages === undefined) return o
      const oldSchema = async (version: number | 'latest') => (await client.getVersion(o.subject, version)).schema
      return { ...o, ...(await readableVerdict(o.messages, o.file, schemaTypeOf(o.file), { ...options, oldSchema })) }
    }),
  )
}

/** What `registerOne` needs of a registry client. */
export type RegistrationClient = Pick<RegistryClient, 'lookup' | 'register' | 'checkCompatibility'>

/**
 * Registers `request` under `subject` unless an identical schema is already there, after the
 * registry's compatibility check: lookup first (so "existing" is known without creating anything),
 * then the verbose check (so registries that do not enforce compatibility, such as Apicurio
 * without rules, are gated too), then register. An incompatible schema is an `incompatible`
 * outcome with the reasons; a 409 on register likewise. `subjectExists: false` (the caller listed
 * the subjects) and `checked` (the caller already looked up and checked) go straight to register.
 */
export async function registerOne(
  client: RegistrationClient,
  subject: string,
  file: string,
  request: RegisterRequest,
  options: { normalize?: boolean; dryRun?: boolean; subjectExists?: boolean; checked?: boolean },
): Promise<RegistrationOutcome> {
  const refs = request.references?.length ? { references: request.references } : {}
  const normalize = { normalize: options.normalize }
  // A subject known not to exist holds nothing to look up and nothing to be incompatible with.
  if (options.subjectExists !== false && !options.checked) {
    let missing = false
    const existing = await client.lookup(subject, request, normalize).catch((err: unknown) => {
      if (!hasRegistryCode(err, 'SCHEMA_NOT_FOUND', 'SUBJECT_NOT_FOUND')) throw err
      missing = err.code === 'SUBJECT_NOT_FOUND'
      return undefined
    })
    if (existing) return { subject, file, status: 'existing', id: existing.id, version: existing.version, ...refs }
    if (!missing) {
      const check = await compatibilityGate(client, subject, request, options.normalize)
      if (check?.isCompatible === false) return { subject, file, status: 'incompatible', messages: check.messages ?? [], ...refs }
    }
  }
  if (options.dryRun) return { subject, file, status: 'planned', ...refs }
  try {
    const reply = await client.register(subject, request, normalize)
    // Registries before CP 8 reply with only the id; the version comes from a lookup.
    const version = reply.version ?? (await client.lookup(subject, request, normalize)).version
    return { subject, file, status: 'registered', id: reply.id, version, ...refs }
  } catch (err) {
    if (!hasRegistryCode(err, 'INCOMPATIBLE_SCHEMA')) throw err
    const check = await client.checkCompatibility(subject, request, { verbose: true, ...normalize }).catch(() => undefined)
    return { subject, file, status: 'incompatible', messages: check?.messages ?? [err.details.registryMessage ?? err.message], ...refs }
  }
}

/**
 * The registry's verbose check against what the subject's level selects. Karapace has no
 * all-versions endpoint: then against the latest; undefined when the registry has neither (its own
 * check on register still applies).
 */
async function compatibilityGate(
  client: RegistrationClient,
  subject: string,
  request: RegisterRequest,
  normalize?: boolean,
): Promise<CompatibilityCheck | undefined> {
  for (const version of [undefined, 'latest' as const]) {
    try {
      return await client.checkCompatibility(subject, request, { version, verbose: true, normalize })
    } catch (err) {
      if (hasRegistryCode(err, 'SUBJECT_NOT_FOUND')) return { isCompatible: true }
      if (!hasRegistryCode(err, 'NOT_FOUND', 'UNSUPPORTED')) throw err
    }
  }
  return undefined
}
