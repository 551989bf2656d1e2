import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { FileProblem } from './findings.js'
import { linkProblem } from './layout.js'

/** Schema files larger than this are refused: real schemas are kilobytes, and reading more risks memory. */
export const MAX_SCHEMA_BYTES = 10 * 1024 * 1024

/** A schema file's text, or the one problem that kept it from being read. */
export type ReadResult = { ok: true; text: string } | { ok: false; problem: FileProblem }

/**
 * Reads a workspace file (`file` relative to `root`) as UTF-8, without a byte-order mark.
 * Never throws: unreadable files, folders, dangling links, link loops and files over
 * MAX_SCHEMA_BYTES come back as a problem naming the file.
 */
export async function readSchemaFile(root: string, file: string): Promise<ReadResult> {
  let handle
  try {
    handle = await open(join(root, file), 'r')
  } catch (err) {
    return { ok: false, problem: { ...openProblem(err), file } }
  }
  try {
    const info = await handle.stat()
    if (info.isDirectory()) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is a folder, not a schema file' } }
    if (info.size > MAX_SCHEMA_BYTES) {
      return {
        ok: false,
        problem: { code: 'FILE_TOO_LARGE', file, message: `is ${megabytes(info.size)}, over the ${megabytes(MAX_SCHEMA_BYTES)} limit for a schema file` },
      }
    }
    const text = await handle.readFile('utf8')
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }
  } catch (err) {
    return { ok: false, problem: { ...openProblem(err), file } }
  } finally {
    await handle.close()
  }
}

function openProblem(err: unknown): Omit<FileProblem, 'file'> {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return { code: 'FILE_UNREADABLE', message: 'cannot be read: permission denied' }
  if (code === 'EISDIR') return { code: 'FILE_UNREADABLE', message: 'is a folder, not a schema file' }
  return linkProblem(err)
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
}
