import { relative, resolve } from 'node:path'
import { InputError } from '../../errors.js'
import type { RegistryClient } from '../../registry/client.js'
import { hasRegistryCode } from '../../registry/errors.js'
import type { SchemaReference, SchemaType } from '../../registry/types.js'
import { readJsonText } from '../../engine/schema/index.js'
import { subjectOfEntry, workspaceRootOf } from '../../workspace/layout.js'
import { openWorkspace, type Workspace } from '../../workspace/workspace.js'

/**
 * The schema references of one schema file of a workspace (any type): each named type it uses
 * from another file (Avro), each file a `$ref` names (JSON Schema), each imported file (Protobuf)
 * becomes `{name, subject, version}`, where version is the registered version of that subject's
 * newest file (looked up with its own references). Empty when the file uses no other file.
 * Throws InputError when a subject it depends on is not registered yet (register the folder instead).
 */
export async function referencesFromWorkspace(client: RegistryClient, file: string, schemaType?: SchemaType): Promise<SchemaReference[]> {
  const path = resolve(file)
  const root = workspaceRootOf(path)
  const rel = relative(root, path).split('\\').join('/')
  const own = subjectOfEntry(rel)
  const workspace = await openWorkspace(root, { allowEmpty: true, schemaTypeOf: (subject) => (subject === own ? schemaType : undefined) })
  return referencesOf(client, workspace, rel, file, root, new Set())
}

/** The references of the version in `rel`, each dependency looked up with its own references first. */
async function referencesOf(
  client: RegistryClient,
  workspace: Workspace,
  rel: string,
  file: string,
  root: string,
  seen: Set<string>,
): Promise<SchemaReference[]> {
  const layout = workspace.layout.subjects.find((s) => s.versions.some((v) => v.file === rel))
  if (layout === undefined || seen.has(rel)) return []
  seen.add(rel)
  const loaded = await workspace.loadSubject(layout)
  const uses = loaded.versions.find((v) => v.file === rel)?.references ?? []
  const refs: SchemaReference[] = []
  for (const use of uses) {
    const provider = workspace.layout.subjects.find((s) => s.subject === use.subject)
    const newest = provider && (await workspace.loadSubject(provider)).versions.at(-1)
    const schema = newest?.text === undefined ? undefined : newest.schemaType === 'PROTOBUF' ? newest.text : compactJson(newest.text)
    const nested = newest === undefined ? [] : await referencesOf(client, workspace, newest.file, file, root, seen)
    const payload = {
      schema: schema ?? '',
      ...(newest?.schemaType !== undefined && newest.schemaType !== 'AVRO' ? { schemaType: newest.schemaType } : {}),
      ...(nested.length ? { references: nested } : {}),
    }
    const found =
      schema !== undefined
        ? await client.lookup(use.subject, payload).catch((err: unknown) => {
            if (hasRegistryCode(err, 'SCHEMA_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return undefined
            throw err
          })
        : undefined
    if (found === undefined) {
      throw new InputError(`${file} uses '${use.name}' from ${use.file}, which is not registered under ${use.subject} yet`, {
        code: 'REFERENCE_NOT_REGISTERED',
        hint: `Register the whole folder (schemactl register ${root}), or ${use.file} first, or pass --references.`,
      })
    }
    refs.push({ name: use.name, subject: use.subject, version: found.version })
  }
  return refs
}

/** Compact JSON without the comments Avro files may carry (registries reject those); the text as is when it is not JSON. */
function compactJson(text: string): string {
  const json = readJsonText(text)
  return json.ok ? JSON.stringify(json.value) : text
}
