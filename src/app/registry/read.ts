import { writeFile } from 'node:fs/promises'
import pLimit from 'p-limit'
import { DEFAULT_LEVEL } from '../../engine/index.js'
import { InputError } from '../../errors.js'
import { hasRegistryCode } from '../../registry/errors.js'
import { contextPrefix, qualifySubject } from '../../registry/paths.js'
import type { CompatibilityLevel, Mode, SchemaReference, SchemaType, SubjectSchema, SubjectVersion, VersionRef } from '../../registry/types.js'
import { mapInOrder } from '../in-order.js'
import { withRegistry, type RegistryContext } from './session.js'
import { subjectNames, subjectPages } from '../subject-pages.js'

/** Result of `listSubjects`. */
export interface SubjectList {
  registry: string
  subjects: string[]
  /** With `long`: each subject's latest version, its type and id, and its effective level and mode. */
  details?: SubjectDetail[]
}

/** One subject as `list --long` shows it (latest fields absent when the subject went away meanwhile). */
export interface SubjectDetail {
  subject: string
  schemaType?: SchemaType
  latestVersion?: number
  latestId?: number
  level: CompatibilityLevel
  /** Whether `level` is the subject's own or inherited from the global config. */
  levelSource: 'subject' | 'global'
  mode: Mode
  modeSource: 'subject' | 'global'
}

/** Options of `listSubjects` and `streamSubjects`. */
export interface ListOptions {
  prefix?: string
  deleted?: boolean
  context?: string
  long?: boolean
  /** Names asked for per page (default `SUBJECT_PAGE`; tests use small ones). */
  pageSize?: number
}

/** Where `streamSubjects` hands the listing as it arrives, in the registry's order. */
export interface SubjectListSink {
  /** Without `long`: the names of each page as it arrives. */
  names?(names: string[]): void | Promise<void>
  /** With `long`: each subject's details, as soon as they and those of every subject before it are read. */
  detail?(detail: SubjectDetail): void | Promise<void>
}

/** What `streamSubjects` returns once the listing is over. */
export interface SubjectCount {
  registry: string
  /** Subjects listed. */
  count: number
}

/** Subjects whose details are read at once with `long`: enough to hide latency, few enough to be polite. */
const DETAIL_CONCURRENCY = 8

/**
 * Lists subjects, optionally only those starting with `prefix`, within `context`, or including
 * soft-deleted ones; with `long`, also each subject's latest version and effective level and mode
 * (three requests per subject, a few subjects at a time). Holds the whole listing: see
 * `streamSubjects` for one that holds only a page.
 */
export async function listSubjects(ctx: RegistryContext, options: ListOptions): Promise<SubjectList> {
  const subjects: string[] = []
  const details: SubjectDetail[] = []
  const sink: SubjectListSink = options.long
    ? {
        detail: (d) => {
          subjects.push(d.subject)
          details.push(d)
        },
      }
    : { names: (names) => void subjects.push(...names) }
  const { registry } = await streamSubjects(ctx, options, sink)
  return { registry, subjects, ...(options.long ? { details } : {}) }
}

/**
 * `listSubjects` as a stream: the names are read a page at a time (see `subjectPages`) and handed
 * to `sink` as they arrive; with `long`, each subject's details are read a few subjects at a time
 * and handed over in the registry's order. Only a page of names and a bounded window of details
 * are held at once, whatever the registry's size.
 */
export function streamSubjects(ctx: RegistryContext, options: ListOptions, sink: SubjectListSink): Promise<SubjectCount> {
  return withRegistry(ctx, async (client) => {
    const prefix = options.context !== undefined ? contextPrefix(options.context) + (options.prefix ?? '') : options.prefix
    const pages = subjectPages(client, { prefix, deleted: options.deleted, pageSize: options.pageSize })
    let count = 0
    if (!options.long) {
      for await (const page of pages) {
        count += page.length
        await sink.names?.(page)
      }
      return { registry: client.url, count }
    }
    const [globalConfig, globalMode] = await Promise.all([client.getConfig(), client.getMode()])
    const globalLevel = globalConfig.compatibilityLevel ?? DEFAULT_LEVEL
    // A subject without its own setting (or deleted since it was listed) inherits the global one.
    const absent =
      (...codes: string[]) =>
      (err: unknown) => {
        if (codes.some((code) => hasRegistryCode(err, code))) return undefined
        throw err
      }
    const readDetail = async (subject: string): Promise<SubjectDetail> => {
      const [latest, config, mode] = await Promise.all([
        client.getVersion(subject, 'latest', { deleted: options.deleted }).catch(absent('SUBJECT_NOT_FOUND', 'VERSION_NOT_FOUND')),
        client.getConfig(subject).catch(absent('SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')),
        client.getMode(subject).catch(absent('SUBJECT_MODE_NOT_FOUND', 'SUBJECT_NOT_FOUND')),
      ])
      const ownLevel = config?.compatibilityLevel
      return {
        subject,
        ...(latest ? { schemaType: latest.schemaType ?? 'AVRO', latestVersion: latest.version, latestId: latest.id } : {}),
        level: ownLevel ?? globalLevel,
        levelSource: ownLevel ? 'subject' : 'global',
        mode: mode?.mode ?? globalMode.mode,
        modeSource: mode ? 'subject' : 'global',
      }
    }
    await mapInOrder(
      subjectNames(pages),
      readDetail,
      async (detail) => {
        count++
        await sink.detail?.(detail)
      },
      { concurrency: DETAIL_CONCURRENCY },
    )
    return { registry: client.url, count }
  })
}

/** Result of `listSubjectVersions`. */
export interface VersionList {
  registry: string
  subject: string
  versions: number[]
  /** With `long`: each version as the registry returns it, without the schema text (id, type, references, metadata, ruleSet, …). */
  details?: VersionDetail[]
}

/** One version as `versions --long` lists it: the registry's answer for it, without the schema text. */
export type VersionDetail = Omit<SubjectSchema, 'schema'>

/**
 * Lists a subject's versions (ascending); with `long`, also each version's id, type, references
 * and data contract (`metadata`, `ruleSet`) as the registry returns them (one request per
 * version, a few at a time). Throws RegistryError SUBJECT_NOT_FOUND (exit 4).
 */
export function listSubjectVersions(
  ctx: RegistryContext,
  subject: string,
  options: { deleted?: boolean; context?: string; long?: boolean },
): Promise<VersionList> {
  return withRegistry(ctx, async (client) => {
    const qualified = qualifySubject(subject, options.context)
    const versions = await client.listVersions(qualified, { deleted: options.deleted })
    if (!options.long) return { registry: client.url, subject: qualified, versions }
    const limit = pLimit(8)
    const details = await Promise.all(
      versions.map((v) =>
        limit(async () => {
          const { schema: _text, ...detail } = await client.getVersion(qualified, v, { deleted: options.deleted })
          return detail
        }),
      ),
    )
    return { registry: client.url, subject: qualified, versions, details }
  })
}

/** A registered schema version as `get` reports it. */
export interface SubjectSchemaResult {
  registry: string
  subject: string
  version: number
  id: number
  schemaType: SchemaType
  /** The schema: pretty-printed JSON text unless `raw` was asked for. */
  schema: string
  references: SchemaReference[]
  /** The version's data contract metadata, exactly as the registry returns it (absent when it has none). */
  metadata?: Record<string, unknown>
  /** The version's rule set, exactly as the registry returns it (absent when it has none). */
  ruleSet?: Record<string, unknown>
  /** The file the schema was written to, when `output` was given. */
  output?: string
}

/**
 * Fetches one version (`latest` by default). `raw` keeps the registry's exact text; otherwise
 * JSON schemas are pretty-printed. With `output`, the schema is also written to that file.
 */
export function getSubjectSchema(
  ctx: RegistryContext,
  subject: string,
  version: VersionRef,
  options: { raw?: boolean; deleted?: boolean; output?: string; context?: string },
): Promise<SubjectSchemaResult> {
  return withRegistry(ctx, async (client) => {
    const qualified = qualifySubject(subject, options.context)
    const found = await client.getVersion(qualified, version, { deleted: options.deleted })
    const schema = options.raw ? found.schema : prettySchema(found.schema, found.schemaType)
    const result: SubjectSchemaResult = {
      registry: client.url,
      subject: found.subject,
      version: found.version,
      id: found.id,
      schemaType: found.schemaType,
      schema,
      references: found.references ?? [],
      ...contractOf(found),
    }
    if (options.output !== undefined) {
      await writeOutput(options.output, schema)
      result.output = options.output
    }
    return result
  })
}

/** A schema by id with the subject versions that use it. */
export interface SchemaByIdResult {
  registry: string
  id: number
  schemaType: SchemaType
  schema: string
  references: SchemaReference[]
  /** The schema's data contract metadata, exactly as the registry returns it (absent when it has none). */
  metadata?: Record<string, unknown>
  /** The schema's rule set, exactly as the registry returns it (absent when it has none). */
  ruleSet?: Record<string, unknown>
  /** Subject versions using the id (GET /schemas/ids/{id}/versions); absent when the registry cannot tell. */
  usedBy?: SubjectVersion[]
  /** Subjects using the id, without versions: what Karapace tells (`includeSubjects=true`) in place of `usedBy`. */
  usedBySubjects?: string[]
}

/** Fetches a schema by its global id, and where it is used. Throws SCHEMA_NOT_FOUND (exit 4). */
export function getSchemaById(ctx: RegistryContext, id: number, options: { raw?: boolean; output?: string }): Promise<SchemaByIdResult> {
  return withRegistry(ctx, async (client) => {
    const [found, usedBy] = await Promise.all([
      client.getSchemaById(id),
      client.getVersionsById(id).catch((err: unknown) => {
        // Karapace has no /schemas/ids/{id}/versions: the schema itself is still worth showing.
        if (hasRegistryCode(err, 'NOT_FOUND', 'UNSUPPORTED')) return undefined
        throw err
      }),
    ])
    // Karapace has no /versions endpoint but lists the subjects on the by-id reply when asked.
    const subjects = usedBy === undefined ? (await client.getSchemaById(id, { includeSubjects: true }).catch(() => undefined))?.subjects : undefined
    const schema = options.raw ? found.schema : prettySchema(found.schema, found.schemaType)
    if (options.output !== undefined) await writeOutput(options.output, schema)
    return {
      registry: client.url,
      id,
      schemaType: found.schemaType,
      schema,
      references: found.references ?? [],
      ...contractOf(found),
      ...(usedBy ? { usedBy } : {}),
      ...(Array.isArray(subjects) ? { usedBySubjects: subjects } : {}),
    }
  })
}

/** The `metadata` and `ruleSet` of a registry answer, as it sent them (left out when absent or null). */
function contractOf(found: { metadata?: Record<string, unknown>; ruleSet?: Record<string, unknown> }): Pick<SubjectSchemaResult, 'metadata' | 'ruleSet'> {
  return { ...(found.metadata != null ? { metadata: found.metadata } : {}), ...(found.ruleSet != null ? { ruleSet: found.ruleSet } : {}) }
}

/** Pretty-prints JSON schema text (Avro, JSON Schema); other text (Protobuf) is returned as is. */
export function prettySchema(text: string, schemaType: SchemaType): string {
  if (schemaType === 'PROTOBUF') return text
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

async function writeOutput(file: string, text: string): Promise<void> {
  try {
    await writeFile(file, text.endsWith('\n') ? text : text + '\n')
  } catch (err) {
    throw new InputError(`Cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { code: 'OUTPUT_UNWRITABLE' })
  }
}
