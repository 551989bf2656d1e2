/** Reads a registry's schemas and settings into a `Snapshot`. */
import type { RegistryClient } from '../../registry/client.js'
import { RegistryError } from '../../registry/errors.js'
import { contextPrefix } from '../../registry/paths.js'
import type { SchemaReference, SchemaType, SubjectSchema } from '../../registry/types.js'
import { mapInOrder } from '../in-order.js'
import { storedContract } from '../registry/contracts.js'
import { hasContract, readConfigMembers } from './contracts.js'
import { hashText } from './fingerprint.js'
import { PackedVersions } from './packed.js'
import type { SchemaTexts, ScopeSettings, Snapshot, VersionRecord } from './types.js'

const PAGE = 1000
/** Listing pages asked for at once after the first: a long listing is read in a fraction of the round trips, at most this many minus one empty pages wasted. */
const PAGES_AHEAD = 4

/**
 * Reads every version (soft-deleted ones too when `includeDeleted`) of the subjects `filter` selects,
 * with its data contract, in `context` (all contexts when absent), with one paged `GET /schemas` listing (no settings: see
 * `readRegistrySettings`). Confluent's listing covers only the default context without a
 * `subjectPrefix`, so all contexts are asked for (`:*:`) where the registry has contexts.
 * Each page is kept packed (see `PackedVersions`), the hash of each text instead of the text: the
 * snapshot's `texts` read them again when they are needed (see `ListingTexts`).
 */
export async function readRegistrySnapshot(
  client: RegistryClient,
  options: { filter: (subject: string) => boolean; context?: string; includeDeleted: boolean },
): Promise<Snapshot> {
  const prefix = options.context === undefined ? await allContextsPrefix(client) : contextPrefix(options.context)
  const subjects = new PackedVersions()
  const sink: ListingSink = {
    has: (s) => subjects.holds(s.subject, s.version),
    clear: () => subjects.clear(),
    add(s, at) {
      if (!options.filter(s.subject)) return
      const contract = storedContract(s)
      subjects.add({
        subject: s.subject,
        version: s.version,
        id: s.id,
        schemaType: (s.schemaType ?? 'AVRO') as SchemaType,
        hash: hashText(s.schema),
        ...(at === undefined ? {} : { at }),
        references: s.references?.length ? s.references : NO_REFERENCES,
        // Registries differ on whether listings carry `deleted`; the difference of two listings is reliable (below).
        deleted: options.includeDeleted,
        ...(hasContract(contract) ? { contract } : {}),
      })
    },
  }
  // A subject whose versions are all soft-deleted is out of the live listing but keeps its level and mode.
  // `deletedOnly` lists just those where the registry knows it (else every subject comes, and the live ones are left out below):
  // a list of every name would be held through the whole listing.
  const [paged, subjectNames] = await Promise.all([
    listEach(client, prefix, options.includeDeleted, sink),
    options.includeDeleted ? undefined : client.listSubjects({ prefix, deleted: true, deletedOnly: true }),
  ])
  subjects.seal()
  if (options.includeDeleted) {
    // What the live listing holds is not soft-deleted.
    const live: ListingSink = { has: () => false, clear: () => undefined, add: (s) => subjects.markLive(s.subject, s.version) }
    await listEach(client, prefix, false, live)
  }
  const versionless = (subjectNames ?? []).filter((s) => options.filter(s) && !subjects.has(s))
  return {
    subjects,
    settings: new Map(),
    global: {},
    texts: new ListingTexts(client, prefix, options.includeDeleted, paged, subjects),
    ...(versionless.length ? { versionless } : {}),
  }
}

const NO_REFERENCES: SchemaReference[] = []
/** Listing pages of texts `ListingTexts` keeps (the most recently fetched), enough for the writers in flight and the page ahead. */
const TEXT_PAGES = 8

/**
 * The texts of a registry's versions, read again when needed: the listing page a record was found
 * on (`at`), fetched with the next one ahead since the copy writes in about listing order, and the
 * last `TEXT_PAGES` kept; a version not found there (the listing shifted, or the registry does not
 * page) is read by itself (`GET /subjects/{subject}/versions/{version}?deleted=true`).
 * A page is kept as its texts in one buffer, found by the versions' places in `versions`: nothing of
 * it is on the JavaScript heap, where every page read in a long copy would be garbage to collect.
 */
export class ListingTexts implements SchemaTexts {
  private readonly pages = new Map<number, Promise<TextPage>>()

  constructor(
    private readonly client: RegistryClient,
    private readonly prefix: string | undefined,
    private readonly deleted: boolean,
    private readonly paged: boolean,
    private readonly versions: PackedVersions,
  ) {}

  async get(record: VersionRecord): Promise<string> {
    if (this.paged && record.at !== undefined) {
      const index = Math.floor(record.at / PAGE)
      const page = this.page(index)
      if (!this.pages.has(index + 1)) this.page(index + 1).catch(() => undefined)
      const text = textIn(await page, this.versions.placeOf(record.subject, record.version))
      if (text !== undefined) return text
    }
    return (await this.client.getVersion(record.subject, record.version, { deleted: true })).schema
  }

  private page(index: number): Promise<TextPage> {
    let page = this.pages.get(index)
    if (page === undefined) {
      page = this.client
        .listSchemas({ prefix: this.prefix, deleted: this.deleted, offset: index * PAGE, limit: PAGE })
        .then((list) => textPage(list, this.versions))
      // A failed page is asked again next time.
      page.catch(() => this.pages.delete(index))
      this.pages.set(index, page)
      if (this.pages.size > TEXT_PAGES) this.pages.delete(this.pages.keys().next().value!)
    }
    return page
  }
}

/** A listing page's texts: those of the versions at `places` (ascending), the i-th UTF-8 in `texts` from `starts[i]` to `starts[i + 1]`. */
interface TextPage {
  places: Int32Array
  starts: Int32Array
  texts: Buffer
}

function textPage(list: SubjectSchema[], versions: PackedVersions): TextPage {
  const held = list.map((s) => ({ place: versions.placeOf(s.subject, s.version), schema: s.schema })).filter((s) => s.place >= 0)
  held.sort((a, b) => a.place - b.place)
  const places = Int32Array.from(held, (s) => s.place)
  const starts = new Int32Array(held.length + 1)
  held.forEach((s, i) => (starts[i + 1] = starts[i] + Buffer.byteLength(s.schema, 'utf8')))
  const texts = Buffer.allocUnsafe(starts[held.length])
  held.forEach((s, i) => texts.write(s.schema, starts[i], 'utf8'))
  return { places, starts, texts }
}

function textIn(page: TextPage, place: number): string | undefined {
  let low = 0
  let high = page.places.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const at = page.places[mid]
    if (at === place) return page.texts.toString('utf8', page.starts[mid], page.starts[mid + 1])
    if (at < place) low = mid + 1
    else high = mid - 1
  }
  return undefined
}

/**
 * Reads the global level, mode and config members and each subject's own (those with versions and
 * the `versionless` ones) into `snapshot`, `concurrency` subjects at a time: one GET per subject for
 * the config and one for the mode, each with `defaultToGlobal=false`, so a subject without its own
 * answers 404; no mode is asked where the registry has no global mode (no mode endpoints). With
 * `contexts`, the own settings of each context the subjects live in too (keyed `:.ctx:`).
 * Separate from the listing so it can overlap the copy: settings are written last.
 */
export async function readRegistrySettings(client: RegistryClient, snapshot: Snapshot, concurrency: number, options: { contexts: boolean }): Promise<void> {
  snapshot.global = await readSettings(client, undefined, true)
  // Without a global mode the registry has no mode endpoints (Karapace): no subject is asked for one.
  const modes = snapshot.global.mode !== undefined
  await readEach(client, settingsScopes(snapshot, options.contexts), modes, snapshot, concurrency)
}

// The scopes whose own settings are read: the contexts (with `contexts`), then every subject, named as they come (no array of them all).
function* settingsScopes(snapshot: Snapshot, contexts: boolean): Generator<string> {
  const subjects = function* () {
    yield* snapshot.subjects.keys()
    yield* snapshot.versionless ?? []
  }
  if (contexts) yield* contextScopes(subjects())
  yield* subjects()
}

// Reads the own settings of each of `scopes` into `into.settings` (those with any), `concurrency` at a time, holding no more requests than that.
async function readEach(client: RegistryClient, scopes: Iterable<string>, modes: boolean, into: Snapshot, concurrency: number): Promise<void> {
  await mapInOrder(
    scopes,
    (scope) => readSettings(client, scope, modes),
    (own, scope) => {
      if (hasSettings(own)) into.settings.set(scope, own)
    },
    { concurrency },
  )
}

/** The context scopes (`:.ctx:`) of the named contexts `subjects` live in, sorted. */
export function contextScopes(subjects: Iterable<string>): string[] {
  const out = new Set<string>()
  for (const subject of subjects) {
    const scope = /^(:\.[^:]*:)/.exec(subject)?.[1]
    if (scope !== undefined) out.add(scope)
  }
  return [...out].sort()
}

/**
 * Reads into `target` (a registry's snapshot after the copy) what verification compares with the
 * source's settings: the own level, mode and config members of each scope `source` has settings
 * for, and the global ones when `global`.
 */
export async function readTargetSettings(
  client: RegistryClient,
  source: Snapshot,
  target: Snapshot,
  options: { global: boolean },
  concurrency: number,
): Promise<void> {
  target.global = await readSettings(client, undefined, true)
  const modes = target.global.mode !== undefined
  if (!options.global) target.global = {}
  await readEach(client, source.settings.keys(), modes, target, concurrency)
}

async function readSettings(client: RegistryClient, subject: string | undefined, withMode: boolean): Promise<ScopeSettings> {
  const own = subject === undefined ? {} : { defaultToGlobal: false }
  const [config, mode] = await Promise.all([
    missingAsUndefined(client.getConfig(subject, own)),
    withMode ? missingAsUndefined(client.getMode(subject, own)) : undefined,
  ])
  const members = readConfigMembers(config)
  return {
    ...(config?.compatibilityLevel ? { compatibilityLevel: config.compatibilityLevel } : {}),
    ...(mode?.mode ? { mode: mode.mode } : {}),
    ...(members ? { config: members } : {}),
  }
}

function hasSettings(own: ScopeSettings): boolean {
  return own.compatibilityLevel !== undefined || own.mode !== undefined || own.config !== undefined
}

// A subject without its own level or mode, or a registry without the endpoint (404/405), has none.
async function missingAsUndefined<T>(pending: Promise<T>): Promise<T | undefined> {
  try {
    return await pending
  } catch (err) {
    if (err instanceof RegistryError && (err.status === 404 || err.status === 405)) return undefined
    throw err
  }
}

// `:*:` when the registry lists contexts beyond the default one; Karapace (no /contexts) and Apicurio (only `.`) get no prefix.
async function allContextsPrefix(client: RegistryClient): Promise<string | undefined> {
  const contexts = await missingAsUndefined(client.listContexts())
  return contexts !== undefined && contexts.some((c) => c !== '.') ? ':*:' : undefined
}

/** Where `listEach` puts the versions it lists: `add` with the position in the listing (absent when unpaged). */
interface ListingSink {
  add(s: SubjectSchema, at: number | undefined): void
  has(s: { subject: string; version: number }): boolean
  clear(): void
}

/**
 * Every schema of the listing into `sink`, `PAGE` at a time; resolves whether the listing was paged.
 * A page holding a version already read means the registry does not honour `offset` (each page
 * starts over: paging would never end) or the listing shifted between pages: then it is read again
 * in one unpaged request, which must hold more versions than the pages did (else it may be cut at a
 * server-side limit, and a copy would silently miss versions): a RegistryError otherwise.
 */
async function listEach(client: RegistryClient, prefix: string | undefined, deleted: boolean, sink: ListingSink): Promise<boolean> {
  const page = (offset: number) => client.listSchemas({ prefix, deleted, offset, limit: PAGE })
  const first = await page(0)
  // A short first page is all there is; a longer one, a registry that ignores the limit and sent everything.
  first.forEach((s, i) => sink.add(s, i))
  if (first.length !== PAGE) return first.length < PAGE
  let count = first.length
  // A repeated version shows on the page after the one that held it (a shift moves versions by less than a page).
  let previous = new Set(first.map(key))
  for (let offset = PAGE; ; offset += PAGE * PAGES_AHEAD) {
    const pages = await Promise.all(Array.from({ length: PAGES_AHEAD }, (_, i) => page(offset + i * PAGE)))
    for (const [i, next] of pages.entries()) {
      const keys = new Set(next.map(key))
      if (keys.size < next.length || next.some((s) => previous.has(key(s)) || sink.has(s))) {
        sink.clear()
        for (const s of await listUnpaged(client, prefix, deleted, count)) sink.add(s, undefined)
        return false
      }
      next.forEach((s, j) => sink.add(s, offset + i * PAGE + j))
      previous = keys
      count += next.length
      if (next.length < PAGE) return true
    }
  }
}

async function listUnpaged(client: RegistryClient, prefix: string | undefined, deleted: boolean, pagedCount: number): Promise<SubjectSchema[]> {
  const all = await client.listSchemas({ prefix, deleted })
  if (new Set(all.map(key)).size <= pagedCount) {
    throw new RegistryError(
      'LISTING_INCOMPLETE',
      `The registry ${client.url} repeats versions across the pages of GET /schemas (it ignores offset), and its unpaged listing (${all.length} versions) holds no more than its pages did (${pagedCount}): it cannot be listed whole`,
      { url: client.url },
      { hint: 'Make GET /schemas honour offset (upgrade the registry, or fix the proxy in front of it), then run migrate again.' },
    )
  }
  return all
}

function key(s: { subject: string; version: number }): string {
  return `${s.subject}\u0000${s.version}`
}
