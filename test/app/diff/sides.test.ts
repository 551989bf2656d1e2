import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseSideSpec } from '../../../src/app/diff/sides.js'

const dir = mkdtempSync(join(tmpdir(), 'schemactl-sides-'))
mkdirSync(join(dir, 'ws'))
writeFileSync(join(dir, 'odd@2'), '"int"')
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('parseSideSpec', () => {
  it('tells ids, registry versions, workspace versions and files apart', () => {
    expect(parseSideSpec('id:42')).toEqual({ kind: 'id', id: 42 })
    expect(parseSideSpec('orders-value@3')).toEqual({ kind: 'registry', subject: 'orders-value', version: 3 })
    expect(parseSideSpec('orders-value@LATEST')).toEqual({ kind: 'registry', subject: 'orders-value', version: 'latest' })
    expect(parseSideSpec(join(dir, 'ws', 'a%2Fb@1'))).toEqual({ kind: 'workspace', dir: join(dir, 'ws'), subject: 'a/b', version: 1 })
    expect(parseSideSpec(join(dir, 'odd@2'))).toEqual({ kind: 'file', file: join(dir, 'odd@2') })
    expect(parseSideSpec('orders-value@0')).toEqual({ kind: 'file', file: 'orders-value@0' })
    expect(parseSideSpec('new.avsc')).toEqual({ kind: 'file', file: 'new.avsc' })
  })
})
