import { writeFile } from 'node:fs/promises'
import { InputError } from '../errors.js'
import { hasRegistryCode } from '../registry/errors.js'
import { contextPrefix, qualifySubject } from '../registry/paths.js'
import type { SchemaReference, SchemaType, SubjectVersion, VersionRef } from '../registry/types.js'
import { withRegistry, type RegistryContext } from './registry-session.js'

/** Result of `listSubjects`. */
export interface SubjectList {
  registry: string
  subjects: string[]
}

/**
 * Lists subjects, optionally only those starting with `prefix`, within `context`, or including
 * soft-deleted ones.
 */
export function listSubjects(ctx: RegistryContext, options: { prefix?: string; deleted?: boolean; context?: string }): Promise<SubjectList> {
  return withRegistry(ctx, async (client) => {
    const prefix = options.context !== undefined ? contextPrefix(options.context) + (options.prefix ?? '') : options.prefix
    const subjects = await client.listSubjects({ prefix, deleted: options.deleted })
    return { registry: client.url, subjects }
  })
}

/** Result of `listSubjectVersions`. */
export interface VersionList {
  registry: string
  subject: string
  versions: number[]
}

/** Lists a subject's versions (ascending). Throws RegistryError SUBJECT_NOT_FOUND (exit 4). */
export function listSubjectVersions(ctx: RegistryContext, subject: string, options: { deleted?: boolean; context?: string }): Promise<VersionList> {
  return withRegistry(ctx, async (client) => {
    const qualified = qualifySubject(subject, options.context)
    return { registry: client.url, subject: qualified, versions: await client.listVersions(qualified, { deleted: options.deleted }) }
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
      ...(usedBy ? { usedBy } : {}),
      ...(Array.isArray(subjects) ? { usedBySubjects: subjects } : {}),
    }
  })
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
