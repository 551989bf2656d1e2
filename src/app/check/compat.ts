import { DEFAULT_LEVEL } from '../../engine/index.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { CompatibilityLevel, SchemaPayload, SchemaReference, SchemaType, SubjectSchema, VersionRef } from '../../registry/types.js'
import { readSchemaContract, type ContractFiles, type ContractInput } from '../input/contract.js'
import { contractMembers } from '../register/schema.js'
import { readContractScopes, storedContract } from '../registry/contracts.js'
import { effectiveLevel, existingVersions, withRegistry, type RegistryContext } from '../registry/session.js'
import { invalidSchemaAsInput, readSchemaInput, type SchemaInput } from '../input/schema.js'
import { readableVerdict, type PlacedDifference } from '../verdict.js'
import { referencesFromWorkspace } from '../input/workspace-references.js'
import { effectivePolicy } from '../registry/config.js'

/** The verdict of `checkCompat`. Incompatible is a finding: the command exits 1. */
export interface CompatReport {
  registry: string
  subject: string
  file: string
  compatible: boolean
  /** The subject has no versions yet: anything is compatible. */
  newSubject: boolean
  /** Compared with one version, or with what the level selects (`all`). */
  against: number | 'latest' | 'all'
  /** The subject's effective level, when known. */
  level?: CompatibilityLevel
  /** Why it is incompatible, as the registry (or the embedded engine) words it. */
  messages: string[]
  /** The same reasons read (`messages` in no known format are `otherMessages`), placed at file:line:col in `file`. */
  differences: PlacedDifference[]
  otherMessages?: string[]
  /** Who decided: the registry, or the embedded engine (`--local`). */
  decidedBy: 'registry' | 'local'
  /** False when the registry sent no messages (it does not support `verbose`). */
  explained: boolean
  /**
   * `--local` with a `compatibilityGroup` configured: the metadata property, the schema's value of
   * it (null when it has none) and the registered versions of that group, the only ones compared.
   */
  group?: { property: string; value: string | null; versions: number[] }
}

/**
 * Checks a schema file against a subject: against `version`, or all versions the subject's level
 * selects. The schema's data contract is sent too (the contract file beside it, or `metadata` and
 * `ruleSet` files; see `readSchemaContract`): with a `compatibilityGroup` configured, it decides
 * which versions are compared. `local` fetches the versions, the level and the contract config,
 * and decides with the embedded engine, applying the compatibility group as the registry does.
 */
export async function checkCompat(
  ctx: RegistryContext,
  subject: string,
  file: string,
  options: { version?: VersionRef; local?: boolean; schemaType?: SchemaType; normalize?: boolean; followExternalLinks?: boolean } & ContractFiles,
): Promise<CompatReport> {
  // Refused before the registry is asked when `check` would refuse the file (schema-input.ts).
  const input = await readSchemaInput(file, { schemaType: options.schemaType, followExternalLinks: options.followExternalLinks })
  const contract = readSchemaContract(file, options)
  return withRegistry(ctx, async (client) => {
    const [versions, level] = await Promise.all([existingVersions(client, subject), effectiveLevel(client, subject)])
    const base = { registry: client.url, subject, file, against: options.version ?? ('all' as const), ...(level ? { level } : {}) }
    if (versions.length === 0) {
      return { ...base, compatible: true, newSubject: true, messages: [], differences: [], decidedBy: options.local ? 'local' : 'registry', explained: true }
    }
    let report: Verdict
    try {
      report = options.local
        ? await decideLocally(client, base, input, contract, versions, level, options.version)
        : await decideRemotely(client, base, input, contract, options)
    } catch (err) {
      throw invalidSchemaAsInput(err, file)
    }
    // With --version N, the registry compared with N alone.
    const oldSchema = async (v: number | 'latest') => (await client.getVersion(subject, typeof options.version === 'number' ? options.version : v)).schema
    return { ...report, ...(await readableVerdict(report.messages, file, input.schemaType, { followExternalLinks: options.followExternalLinks, oldSchema })) }
  })
}

type Base = Pick<CompatReport, 'registry' | 'subject' | 'file' | 'against' | 'level'>
/** A report before its messages are read. */
type Verdict = Omit<CompatReport, 'differences' | 'otherMessages'>

async function decideRemotely(
  client: RegistryClient,
  base: Base,
  input: SchemaInput,
  contract: ContractInput | undefined,
  options: { version?: VersionRef; normalize?: boolean },
): Promise<Verdict> {
  const references = await candidateReferences(client, input)
  const payload: SchemaPayload = {
    schema: input.schema,
    schemaType: input.schemaType,
    ...(references.length ? { references } : {}),
    ...contractMembers(contract),
  }
  let check
  try {
    check = await client.checkCompatibility(base.subject, payload, { version: options.version, verbose: true, normalize: options.normalize })
  } catch (err) {
    // Karapace has no "all versions" endpoint: fall back to the latest version.
    if (options.version !== undefined || !hasRegistryCode(err, 'NOT_FOUND', 'UNSUPPORTED')) throw err
    check = await client.checkCompatibility(base.subject, payload, { version: 'latest', verbose: true, normalize: options.normalize })
    base = { ...base, against: 'latest' }
  }
  return {
    ...base,
    compatible: check.isCompatible,
    newSubject: false,
    messages: check.messages ?? [],
    decidedBy: 'registry',
    explained: check.isCompatible || (check.messages?.length ?? 0) > 0,
  }
}

async function decideLocally(
  client: RegistryClient,
  base: Base,
  input: SchemaInput,
  contract: ContractInput | undefined,
  versions: number[],
  level: CompatibilityLevel | undefined,
  version: VersionRef | undefined,
): Promise<Verdict> {
  const latest = versions[versions.length - 1]
  // A compatibility group decides which versions count: it needs every version's metadata.
  const grouped = version === undefined ? await compatibilityGroupOf(client, base.subject, contract, versions) : undefined
  // Only transitive levels look past the latest version; fetch no more than the verdict needs.
  const chosen = version !== undefined ? [version === 'latest' ? latest : version] : level?.endsWith('_TRANSITIVE') ? versions : [latest]
  const previous = grouped?.previous ?? (await Promise.all(chosen.map((v) => client.getVersion(base.subject, v))))
  const group = grouped && { property: grouped.property, value: grouped.value, versions: previous.map((p) => p.version) }
  // Against one named version the level only gives the direction, as the registry does.
  const effective = version === undefined ? (level ?? DEFAULT_LEVEL) : ((level ?? DEFAULT_LEVEL).replace(/_TRANSITIVE$/, '') as CompatibilityLevel)
  const decided = (result: { compatible: boolean; messages: string[] }): Verdict => ({
    ...base,
    compatible: result.compatible,
    newSubject: false,
    messages: result.messages,
    decidedBy: 'local',
    explained: true,
    ...(group ? { group } : {}),
  })
  if (previous.length === 0) return decided({ compatible: true, messages: [] })
  // Avro keeps its own path (named types from references, stored versions parsed without checking defaults); other types go through their format.
  if (input.schemaType !== 'AVRO' || previous.some((p) => p.schemaType !== 'AVRO'))
    return decided(await decideByFormat(client, base.subject, input, previous, effective))
  // Loaded only for --local: the engine is not needed (nor paid for at start-up) otherwise.
  const [{ checkCompatibility }, { createRegistrySchemaParser }] = await Promise.all([import('../../engine/index.js'), import('../registry/schema.js')])
  // The named types every side's references define, so that each side parses as the registry parses it.
  const parse = createRegistrySchemaParser(client)
  const sides = [{ schema: input.schema, references: await candidateReferences(client, input) }, ...previous]
  const namedTypes = (await Promise.all(sides.map((side) => parse(side, base.subject)))).flatMap((parsed) => (parsed.ok ? parsed.referencedTypes : []))
  const result = checkCompatibility(
    effective,
    input.schema,
    previous.map((p) => p.schema),
    { versions: previous.map((p) => p.version), namedTypes },
  )
  return decided(result)
}

/**
 * With a `compatibilityGroup` in the subject's contract config (its own, else the global one): the
 * group property, the schema's value of it once the registry has prepared its contract (what it
 * sends, else inherited from the latest version, over the config's defaults and under its
 * overrides) and the registered versions holding the same value, oldest first. Undefined without a group.
 */
async function compatibilityGroupOf(client: RegistryClient, subject: string, contract: ContractInput | undefined, versions: number[]) {
  const { applyContractConfig, effectiveContractConfig, versionsInCompatibilityGroup } = await import('../../engine/contracts/index.js')
  const scopes = await readContractScopes(client, subject)
  const property = effectiveContractConfig(scopes.subject, scopes.global).compatibilityGroup
  if (property === undefined) return undefined
  const all = await Promise.all(versions.map((v) => client.getVersion(subject, v)))
  const prepared = applyContractConfig(contract?.contract ?? {}, {
    previous: storedContract(all[all.length - 1]),
    subjectConfig: scopes.subject,
    globalConfig: scopes.global,
  })
  const previous = versionsInCompatibilityGroup(prepared.metadata, all, property, (v) => storedContract(v).metadata)
  return { property, value: prepared.metadata?.properties?.[property] ?? null, previous }
}

/**
 * The verdict for a JSON Schema or Protobuf candidate (or any candidate against versions of
 * another type): each side with the schemas its references name (fetched from the registry,
 * recursively), checked by its format at the registry's `compatibilityPolicy`; versions of another
 * type than the candidate's refuse it with the registry's message, as `check` does.
 */
async function decideByFormat(
  client: RegistryClient,
  subject: string,
  input: SchemaInput,
  previous: readonly SubjectSchema[],
  level: CompatibilityLevel,
): Promise<{ compatible: boolean; messages: string[] }> {
  const { checkCompatibility } = await import('../../engine/index.js')
  const dependencies = registryDependencies(client)
  const candidateRefs = await candidateReferences(client, input)
  let first = previous.length
  while (first > 0 && previous[first - 1].schemaType === input.schemaType) first--
  const same = previous.slice(first)
  if (same.length > 0) {
    const policy = await compatibilityPolicy(client, subject)
    const side = async (schema: string, refs: readonly SchemaReference[] | undefined) => ({ schema, dependencies: await dependencies(refs ?? []) })
    const result = checkCompatibility(level, await side(input.schema, candidateRefs), await Promise.all(same.map((p) => side(p.schema, p.references))), {
      schemaType: input.schemaType,
      versions: same.map((p) => p.version),
      ...(policy ? { policy } : {}),
    })
    if (!result.compatible) return result
  }
  if (first === 0) return { compatible: true, messages: [] }
  const other = previous[first - 1]
  return {
    compatible: false,
    messages: [
      'Incompatible because of different schema type',
      `{oldSchemaVersion: ${other.version}}`,
      `{oldSchema: '${other.schema}'}`,
      `{validateFields: 'false', compatibility: '${level}'}`,
    ],
  }
}

/** The schemas references name (reference name → text), their own references' too, each version fetched once. */
function registryDependencies(client: RegistryClient): (references: readonly SchemaReference[]) => Promise<Record<string, string>> {
  const fetched = new Map<string, Promise<SubjectSchema>>()
  const fetch = (ref: SchemaReference) => {
    const key = `${ref.subject}\u0000${ref.version}`
    let schema = fetched.get(key)
    if (schema === undefined) fetched.set(key, (schema = client.getVersion(ref.subject, ref.version)))
    return schema
  }
  const collect = async (references: readonly SchemaReference[], out: Record<string, string>, depth: number): Promise<Record<string, string>> => {
    for (const ref of references) {
      if (ref.name in out || depth > 50) continue
      const schema = await fetch(ref)
      out[ref.name] = schema.schema
      await collect(schema.references ?? [], out, depth + 1)
    }
    return out
  }
  return (references) => collect(references, {}, 0)
}

/** The subject's JSON Schema `compatibilityPolicy` (its own config's, else the global one's), when the registry has one. */
async function compatibilityPolicy(client: RegistryClient, subject: string): Promise<'STRICT' | 'LENIENT' | undefined> {
  const own = await client.getConfig(subject).catch((err: unknown) => {
    if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
    throw err
  })
  return effectivePolicy(own, await client.getConfig())
}

/** A schema using another workspace file's types is checked with the references register would send. */
async function candidateReferences(client: RegistryClient, input: SchemaInput): Promise<SchemaReference[]> {
  return input.file !== '-' ? await referencesFromWorkspace(client, input.file, input.schemaType) : []
}
