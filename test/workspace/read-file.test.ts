import { chmodSync, closeSync, openSync, ftruncateSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { MAX_SCHEMA_BYTES, readSchemaFile } from '../../src/workspace/read-file.js'
import { temporaryWorkspaces } from './make-workspace.js'

const folder = temporaryWorkspaces()

/** The next error `openSync` throws instead of opening (then it opens normally again). */
const openFailure = vi.hoisted(() => ({ next: undefined as Error | undefined }))
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>()
  const openSync = (...args: Parameters<typeof fs.openSync>) => {
    const err = openFailure.next
    openFailure.next = undefined
    if (err !== undefined) throw err
    return fs.openSync(...args)
  }
  return { ...fs, default: { ...fs, openSync }, openSync }
})

describe('readSchemaFile', () => {
  it('reads text without a byte-order mark', async () => {
    const dir = folder({ 'a.avsc': '\uFEFF"int"' })
    expect(readSchemaFile(dir, 'a.avsc')).toEqual({ ok: true, text: '"int"' })
  })

  it('refuses a 50 MB file with its size, without reading it', async () => {
    const dir = folder({})
    const fd = openSync(join(dir, 'big.avsc'), 'w')
    ftruncateSync(fd, 50 * 1024 * 1024)
    closeSync(fd)
    expect(MAX_SCHEMA_BYTES).toBeLessThan(50 * 1024 * 1024)
    expect(readSchemaFile(dir, 'big.avsc')).toEqual({
      ok: false,
      problem: { code: 'FILE_TOO_LARGE', file: 'big.avsc', message: 'is 50 MB, over the 10 MB limit for a schema file' },
    })
  })

  it('reports a file it may not open instead of throwing (the error injected: root may open anything)', async () => {
    const dir = folder({ 'secret.avsc': '"int"' })
    const denied = Object.assign(new Error("EACCES: permission denied, open 'secret.avsc'"), { code: 'EACCES' })
    openFailure.next = denied
    expect(readSchemaFile(dir, 'secret.avsc')).toEqual({
      ok: false,
      problem: { code: 'FILE_UNREADABLE', file: 'secret.avsc', message: 'cannot be read: permission denied' },
    })
    expect(readSchemaFile(dir, 'secret.avsc')).toEqual({ ok: true, text: '"int"' })
    expect(readSchemaFile(dir, 'missing.avsc')).toMatchObject({
      ok: false,
      problem: { code: 'FILE_UNREADABLE', message: 'symbolic link to a file that does not exist' },
    })
  })

  it('reports a file whose mode forbids reading (as a user other than root)', async () => {
    const dir = folder({ 'secret.avsc': '"int"' })
    chmodSync(join(dir, 'secret.avsc'), 0o000)
    if (process.getuid?.() === 0) return // root ignores file modes: the binary test runs this case under an unprivileged uid
    expect(readSchemaFile(dir, 'secret.avsc')).toEqual({
      ok: false,
      problem: { code: 'FILE_UNREADABLE', file: 'secret.avsc', message: 'cannot be read: permission denied' },
    })
  })
})
