import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll } from 'vitest'

/** A file tree: relative path → content (objects are written as JSON). */
export type Tree = Record<string, string | object>

/** Creates a temporary folder holding `tree`; returns its path. Remove it with `removeWorkspace`. */
export function makeWorkspace(tree: Tree): string {
  const root = mkdtempSync(join(tmpdir(), 'schemactl-ws-'))
  for (const [file, content] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  }
  return root
}

/** Deletes a folder made by `makeWorkspace`. */
export function removeWorkspace(root: string): void {
  rmSync(root, { recursive: true, force: true })
}

/** A `folder(tree)` for one test file: makes temporary workspaces and removes them after its tests. */
export function temporaryWorkspaces(): (tree: Tree) => string {
  const made: string[] = []
  afterAll(() => made.splice(0).forEach(removeWorkspace))
  return (tree) => {
    const dir = makeWorkspace(tree)
    made.push(dir)
    return dir
  }
}

/** A small record schema with the given fields (name/type pairs and optional defaults). */
export function record(name: string, fields: Array<{ name: string; type: unknown; default?: unknown }>, namespace = 'com.acme'): object {
  return { type: 'record', name, namespace, fields }
}

/** The text of an array schema nested `depth` levels deep (built as text: JSON.stringify would overflow). */
export function deepSchemaText(depth: number): string {
  return '{"type":"array","items":'.repeat(depth) + '"int"' + '}'.repeat(depth)
}
