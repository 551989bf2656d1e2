import { isUtf8 } from 'node:buffer'
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs'
import { dirname, join, resolve, sep } from 'node:path'
import { offsetToPosition } from '../engine/schema/index.js'
import type { FileProblem } from './findings.js'

/** Schema files larger than this are refused: real schemas are kilobytes, and reading more risks memory. */
export const MAX_SCHEMA_BYTES = 10 * 1024 * 1024

/** A schema file's text, or the one problem that kept it from being read. */
export type ReadResult = { ok: true; text: string } | { ok: false; problem: FileProblem }

/** How workspace files are read. */
export interface ReadOptions {
  /**
   * Follow symbolic links that lead outside the workspace root. Off by default: a link to
   * `/etc/shadow` or `../.git/config` in an untrusted pull request would otherwise be read, and
   * its content quoted in errors printed to a CI log.
   */
  followExternalLinks?: boolean
}

/** The flag that lets links leave the workspace, as problems name it. */
export const FOLLOW_EXTERNAL_LINKS_FLAG = '--follow-external-links'

/**
 * Reads one workspace file (`file` relative to `root`); see `workspaceFileReader`.
 */
export function readSchemaFile(root: string, file: string, options: ReadOptions = {}): ReadResult {
  return workspaceFileReader(root, options)(file)
}

/**
 * A reader of the files of the workspace at `root` (paths relative to it), as UTF-8 without a
 * byte-order mark. Never throws: unreadable files, folders, dangling links, link loops, links
 * that lead outside the workspace (unless `followExternalLinks`), files over MAX_SCHEMA_BYTES and
 * text that is not UTF-8 come back as a problem naming the file. The size is checked on the open
 * file before reading, so a huge file is never loaded. Folders' real paths are looked up once.
 *
 * Synchronous on purpose: for small local files the thread-pool round trips of fs/promises
 * cost far more than the reads (20,000 schema files: 0.16 s synchronously, 1.3–2.2 s through
 * fs/promises with 32 in flight, on the 2-core benchmark machine).
 */
export function workspaceFileReader(root: string, options: ReadOptions = {}): (file: string) => ReadResult {
  const follow = options.followExternalLinks === true
  let realRoot: string | undefined
  const realFolders = new Map<string, string | Omit<FileProblem, 'file'>>()

  /** Where `path` (under root) really is, or why it may not be read. */
  const locate = (path: string): string | Omit<FileProblem, 'file'> => {
    let real: string
    try {
      real = realpathSync.native(path)
    } catch (err) {
      return accessProblem(err)
    }
    realRoot ??= realPathOf(root)
    return isInside(real, realRoot) ? real : outsideProblem(real)
  }

  return (file) => {
    const path = join(root, file)
    let fd: number
    try {
      if (follow) fd = openSync(path, READ_FLAGS)
      else {
        const folder = dirname(file)
        if (folder !== '.') {
          let real = realFolders.get(folder)
          if (real === undefined) realFolders.set(folder, (real = locate(join(root, folder))))
          if (typeof real !== 'string') return { ok: false, problem: { ...real, file } }
        }
        fd = openNoFollow(path, () => locate(path), file)
      }
    } catch (err) {
      if (err instanceof ProblemError) return { ok: false, problem: err.problem }
      return { ok: false, problem: { ...accessProblem(err), file } }
    }
    try {
      return readOpen(fd, file)
    } catch (err) {
      return { ok: false, problem: { ...accessProblem(err), file } }
    } finally {
      closeSync(fd)
    }
  }
}

class ProblemError extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem.message)
  }
}

/**
 * Opens `path` without following a link in its last part; a link is opened at the real path
 * `locate` gives, when that is inside the workspace. (Where the system has no O_NOFOLLOW, every
 * path is located first.)
 */
function openNoFollow(path: string, locate: () => string | Omit<FileProblem, 'file'>, file: string): number {
  const noFollow = constants.O_NOFOLLOW
  if (noFollow !== undefined) {
    try {
      return openSync(path, READ_FLAGS | noFollow)
    } catch (err) {
      // ELOOP: the last part is a symbolic link (or a loop of them); anything else is a plain failure.
      if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err
    }
  }
  const real = locate()
  if (typeof real !== 'string') throw new ProblemError({ ...real, file })
  return openSync(real, READ_FLAGS)
}

// Non-blocking, so that opening a FIFO named like a schema file returns (then it is refused) instead of waiting for a writer.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

function readOpen(fd: number, file: string): ReadResult {
  const info = fstatSync(fd)
  if (info.isDirectory()) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is a folder, not a schema file' } }
  if (!info.isFile()) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: 'is not a regular file' } }
  if (info.size > MAX_SCHEMA_BYTES) {
    return {
      ok: false,
      problem: { code: 'FILE_TOO_LARGE', file, message: `is ${megabytes(info.size)}, over the ${megabytes(MAX_SCHEMA_BYTES)} limit for a schema file` },
    }
  }
  const buffer = Buffer.allocUnsafe(info.size)
  let length = 0
  // A file may be shorter than stat said (being rewritten) or read in several chunks.
  for (let n = 1; n > 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, length)
  return decodeText(buffer.subarray(0, length), file)
}

/**
 * The UTF-8 text of a schema file's bytes, without a byte-order mark, or INVALID_UTF8 at the
 * first byte that is not UTF-8 (Avro Java's JSON reader refuses it too; decoding it with
 * replacement characters would register a schema that differs from the file).
 */
export function decodeText(bytes: Uint8Array, file: string): ReadResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)
  if (!isUtf8(buffer)) {
    const at = firstInvalidByte(buffer)
    const before = buffer.toString('utf8', 0, at)
    const message = `is not UTF-8 text: byte 0x${buffer[at].toString(16).padStart(2, '0')} cannot start or continue a character here (save the file as UTF-8)`
    return { ok: false, problem: { code: 'INVALID_UTF8', file, message, ...offsetToPosition(before, before.length) } }
  }
  const text = buffer.toString('utf8')
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }
}

/** The offset of the first byte of `bytes` that is not part of a valid UTF-8 character (isUtf8 said there is one). */
function firstInvalidByte(bytes: Buffer): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    // One character checked by isUtf8 itself: overlong forms, surrogates and the range above U+10FFFF included.
    if (length === 0 || i + length > bytes.length || !isUtf8(bytes.subarray(i, i + length))) return i
    i += length
  }
  return bytes.length
}

function realPathOf(path: string): string {
  try {
    return realpathSync.native(path)
  } catch {
    return resolve(path)
  }
}

/**
 * Whether `path` resolves, through any symbolic links, to a place outside the folder `root` (the
 * rule workspace files are read by). Undefined when it does not resolve (missing, a dangling
 * link, a loop).
 */
export function leadsOutside(root: string, path: string): boolean | undefined {
  let real: string
  try {
    real = realpathSync.native(path)
  } catch {
    return undefined
  }
  return !isInside(real, realPathOf(root))
}

function isInside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)
}

/** The problem of a link whose target `real` lies outside the workspace. */
export function outsideProblem(real: string): Omit<FileProblem, 'file'> {
  return {
    code: 'LINK_OUTSIDE_WORKSPACE',
    message: `is a symbolic link that leads outside the workspace (to ${real}): not read (pass ${FOLLOW_EXTERNAL_LINKS_FLAG} to read it)`,
  }
}

/** The problem a failed open, stat or realpath of a workspace path means. */
export function accessProblem(err: unknown): Omit<FileProblem, 'file'> {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EACCES' || code === 'EPERM') return { code: 'FILE_UNREADABLE', message: 'cannot be read: permission denied' }
  if (code === 'EISDIR') return { code: 'FILE_UNREADABLE', message: 'is a folder, not a schema file' }
  if (code === 'ELOOP') return { code: 'SYMLINK_LOOP', message: 'symbolic link loop: the link resolves to itself' }
  if (code === 'ENOENT') return { code: 'FILE_UNREADABLE', message: 'symbolic link to a file that does not exist' }
  return { code: 'FILE_UNREADABLE', message: `cannot be read (${code ?? String(err)})` }
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`
}
