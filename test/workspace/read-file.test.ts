import { chmodSync, closeSync, openSync, ftruncateSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_SCHEMA_BYTES, readSchemaFile } from '../../src/workspace/read-file.js'
import { temporaryWorkspaces } from './make-workspace.js'

const folder = temporaryWorkspaces()

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

  it('reports an unreadable file instead of throwing', async () => {
    const dir = folder({ 'secret.avsc': '"int"' })
    chmodSync(join(dir, 'secret.avsc'), 0o000)
    const result = readSchemaFile(dir, 'secret.avsc')
    // Root ignores file modes; then the file is simply readable.
    if (process.getuid?.() === 0) expect(result.ok).toBe(true)
    else expect(result).toEqual({ ok: false, problem: { code: 'FILE_UNREADABLE', file: 'secret.avsc', message: 'cannot be read: permission denied' } })
    expect(readSchemaFile(dir, 'missing.avsc')).toMatchObject({ ok: false, problem: { code: 'FILE_UNREADABLE' } })
  })
})
