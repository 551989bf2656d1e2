/** A workspace folder as `schemactl browse` reads it (read-only): its subjects, version files and configured levels. */
import { join } from 'node:path'
import type { Config } from '../../config/config.js'
import { levelForSubject } from '../../config/subject-level.js'
import { InputError, UsageError } from '../../errors.js'
import { subjectFileName, type SubjectLayout } from '../../workspace/layout.js'
import { readSchemaFile } from '../../workspace/read-file.js'
import type { LoadedSubject, Workspace } from '../../workspace/workspace.js'
import { differentTypes, notSupportedLine, schemaTypeOfFile, supportOf } from './schema-types.js'
import type { BrowseSource, CheckOutcome, DiffOutcome, VersionReferences, VersionSchema } from './source.js'

/** A `BrowseSource` over an opened workspace, with the levels its configuration sets. */
export function createWorkspaceSource(workspace: Workspace, config: Config): BrowseSource {
  const bySubject = new Map(workspace.layout.subjects.map((s) => [s.subject, s]))
  const loaded = new Map<string, Promise<LoadedSubject>>()

  const layoutOf = (subject: string): SubjectLayout => {
    const layout = bySubject.get(subject)
    if (layout === undefined) throw new InputError(`${workspace.root}: no subject '${subject}'`, { code: 'SUBJECT_NOT_FOUND' })
    return layout
  }
  const fileOf = (subject: string, version: number): string => {
    const found = layoutOf(subject).versions.find((v) => v.version === version)
    if (found === undefined) throw new InputError(`${workspace.root}: subject '${subject}' has no version ${version}`, { code: 'VERSION_NOT_FOUND' })
    return found.file
  }
  const load = (subject: string): Promise<LoadedSubject> => {
    let pending = loaded.get(subject)
    if (pending === undefined) {
      pending = workspace.loadSubject(layoutOf(subject))
      loaded.set(subject, pending)
    }
    return pending
  }
  const readOnly = async (): Promise<never> => {
    throw new UsageError('a workspace is read-only in browse', { code: 'READ_ONLY', hint: 'Edit the files, or browse a registry with --write.' })
  }
  const side = async (subject: string, version: number) => {
    const { readLocalSide } = await import('../diff/sides.js')
    const spec = `${join(workspace.root, subjectFileName(subject))}@${version}`
    return readLocalSide(spec, { kind: 'workspace', dir: workspace.root, subject, version })
  }

  const source: BrowseSource = {
    kind: 'workspace',
    label: workspace.root,
    writable: false,

    async loadSubjects(onPage) {
      onPage(workspace.layout.subjects.map((s) => s.subject))
    },

    async summary(subject) {
      const newest = layoutOf(subject).versions.at(-1)
      return {
        subject,
        schemaType: newest === undefined ? 'AVRO' : schemaTypeOfFile(newest.file),
        latest: newest?.version ?? 0,
        level: levelForSubject(config, subject),
        levelSource: 'config',
      }
    },

    async versions(subject) {
      return layoutOf(subject).versions.map((v) => ({ version: v.version, deleted: false }))
    },

    async schema(subject, version): Promise<VersionSchema> {
      const file = fileOf(subject, version)
      const read = readSchemaFile(workspace.root, file)
      if (!read.ok) throw new InputError(`${join(workspace.root, file)}: ${read.problem.message}`, { code: read.problem.code })
      const references = (await load(subject)).versions.find((v) => v.version === version)?.references ?? []
      return {
        subject,
        version,
        schemaType: schemaTypeOfFile(file),
        schema: read.text,
        deleted: false,
        file,
        references: references.map((r) => ({ name: r.name, subject: r.subject, file: r.file })),
      }
    },

    async references(subject, version): Promise<VersionReferences> {
      const uses = (await source.schema(subject, version)).references
      // Other files use only a subject's newest version (README.md, "Workspace layout").
      if (layoutOf(subject).versions.at(-1)?.version !== version) return { uses, usedBy: [] }
      const usedBy = []
      for (const other of workspace.layout.subjects) {
        if (other.subject === subject) continue
        const newest = (await load(other.subject)).versions.at(-1)
        if (newest?.references.some((r) => r.subject === subject)) usedBy.push({ subject: other.subject, version: newest.version })
      }
      return { uses, usedBy }
    },

    async diff(from, to): Promise<DiffOutcome> {
      const [typeA, typeB] = [from, to].map((key) => schemaTypeOfFile(fileOf(key.subject, key.version)))
      if (typeA !== typeB) return { ok: false, reason: differentTypes(from, typeA, to, typeB) }
      if (!supportOf(typeA).diff) return { ok: false, reason: notSupportedLine('diff', typeA) }
      const { diffResolvedSides } = await import('../diff/diff.js')
      return { ok: true, report: diffResolvedSides(await side(from.subject, from.version), await side(to.subject, to.version)) }
    },

    async check(subject, file): Promise<CheckOutcome> {
      const layout = layoutOf(subject)
      const type = schemaTypeOfFile(layout.versions.at(-1)?.file ?? file)
      if (!supportOf(type).check) return { ok: false, reason: notSupportedLine('check', type) }
      const [{ readSchemaInput }, { checkCompatibility }, { readableVerdict }] = await Promise.all([
        import('../input/schema.js'),
        import('../../engine/index.js'),
        import('../verdict.js'),
      ])
      const candidate = await readSchemaInput(file)
      const level = levelForSubject(config, subject)
      const versions = (await load(subject)).versions
      const unusable = versions.find((v) => v.parsed === undefined)
      if (unusable !== undefined) return { ok: false, reason: `${join(workspace.root, unusable.file)}: ${unusable.problems[0]?.message ?? 'cannot be read'}` }
      // Transitive levels compare with every version, the others with the newest only, as the registry does.
      const previous = level.endsWith('_TRANSITIVE') ? versions : versions.slice(-1)
      const result = checkCompatibility(
        level,
        candidate.schema,
        previous.map((v) => v.parsed!),
        { versions: previous.map((v) => v.version) },
      )
      return {
        ok: true,
        report: {
          registry: workspace.root,
          subject,
          file,
          compatible: result.compatible,
          newSubject: versions.length === 0,
          against: 'all',
          level,
          messages: result.messages,
          ...(await readableVerdict(result.messages, file, candidate.schemaType)),
          decidedBy: 'local',
          explained: true,
        },
      }
    },

    setLevel: readOnly,
    setMode: readOnly,
    deleteVersion: readOnly,
    reload() {
      loaded.clear()
    },
  }
  return source
}
