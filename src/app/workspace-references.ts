import { relative, resolve } from 'node:path'
import { InputError } from '../errors.js'
import type { RegistryClient } from '../registry/client.js'
import { hasRegistryCode } from '../registry/errors.js'
import type { SchemaReference } from '../registry/types.js'
import { readJsonText } from '../engine/schema/index.js'
import { workspaceRootOf } from '../workspace/layout.js'
import { openWorkspace } from '../workspace/workspace.js'

/**
 * The schema references of one `.avsc` file of a workspace: each named type it uses from another
 * file becomes `{name, subject, version}`, where version is the registered version of that
 * subject's newest file. Empty when the file uses no other file's types. Throws InputError when a
 * subject it depends on is not registered yet (register the folder instead).
 */
export async function referencesFromWorkspace(client: RegistryClient, file: string): Promise<SchemaReference[]> {
  const path = resolve(file)
  const root = workspaceRootOf(path)
  const workspace = await openWorkspace(root)
  const rel = relative(root, path).split('\\').join('/')
  const layout = workspace.layout.subjects.find((s) => s.versions.some((v) => v.file === rel))
  if (layout === undefined) return []
  const loaded = await workspace.loadSubject(layout)
  const uses = loaded.versions.find((v) => v.file === rel)?.references ?? []
  const refs: SchemaReference[] = []
  for (const use of uses) {
    const provider = workspace.layout.subjects.find((s) => s.subject === use.subject)
    const newest = provider && (await workspace.loadSubject(provider)).versions.at(-1)
    const json = newest?.text !== undefined ? readJsonText(newest.text) : undefined
    const found = json?.ok
      ? await client.lookup(use.subject, { schema: JSON.stringify(json.value) }).catch((err: unknown) => {
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
