import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { contracts } from '../../src/engine/index.js'
import { makeTempDir, startTestRegistry } from '../helpers/registry-server.js'
import { encodeRecord } from '../../src/server/store/changelog.js'
import type { LogRecord } from '../../src/server/store/records.js'
import { client, record } from './http.js'

const cleanups: Array<() => unknown> = []
afterEach(async () => {
  for (const f of cleanups.splice(0).reverse()) await f()
})

function tempDir(): string {
  const t = makeTempDir()
  cleanups.push(t.remove)
  return t.dir
}

const USER = record('User', 'name:string')

describe('contracts in the changelog', () => {
  it('replays a changelog written before contracts were kept, and adds contracts on top of it', async () => {
    const dir = tempDir()
    // Records as older versions of schemactl wrote them: no metadata, no ruleSet, a config with a level only.
    const old: LogRecord[] = [
      {
        key: { keytype: 'SCHEMA', subject: 'users', version: 1, magic: 1 },
        value: { subject: 'users', version: 1, id: 1, schemaType: 'AVRO', schema: USER, deleted: false, ts: 5 },
      },
      { key: { keytype: 'CONFIG', subject: 'users', magic: 0 }, value: { compatibilityLevel: 'FULL', normalize: true } },
    ]
    writeFileSync(join(dir, 'changelog.jsonl'), old.map((r) => encodeRecord(r)).join(''))
    const reg = await startTestRegistry({ data: dir })
    cleanups.push(() => reg.close())
    const c = client(reg.url)
    const v1 = await c.get('/subjects/users/versions/1')
    expect(v1.body).toMatchObject({ id: 1, version: 1, schema: USER })
    expect(v1.body).not.toHaveProperty('metadata')
    expect((await c.get('/config/users')).body).toEqual({ compatibilityLevel: 'FULL', normalize: true })
    // The old version is found as before: same schema, no contract.
    expect((await c.post('/subjects/users/versions', { schema: USER })).body).toMatchObject({ id: 1, version: 1 })
    // A contract is a new version on top of it, with a new id.
    const v2 = await c.post('/subjects/users/versions', { schema: USER, metadata: { properties: { owner: 'a' } } })
    expect(v2.body).toMatchObject({ id: 2, version: 2, metadata: { properties: { owner: 'a' } } })
    await c.put('/config/users', { defaultMetadata: { properties: { tier: 'gold' } } })
    expect((await c.get('/config/users')).body).toEqual({ compatibilityLevel: 'FULL', normalize: true, defaultMetadata: { properties: { tier: 'gold' } } })
  })

  it('keeps every contract and config member through a start-up compaction', async () => {
    const dir = tempDir()
    const metadata = { tags: { '**.ssn': ['PII'] }, properties: { owner: 'a' }, sensitive: ['owner'] }
    const ruleSet: contracts.RuleSet = { domainRules: [{ name: 'enc', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], disabled: false }] }
    const config = { compatibilityLevel: 'NONE', compatibilityGroup: 'major', defaultMetadata: metadata, overrideRuleSet: ruleSet }
    const lines = [
      encodeRecord({
        key: { keytype: 'SCHEMA', subject: 'kept', version: 1, magic: 1 },
        value: { subject: 'kept', version: 1, id: 7, schemaType: 'AVRO', schema: USER, metadata, ruleSet, deleted: false, ts: 1 },
      }),
    ]
    for (let i = 0; i < 3000; i++) {
      lines.push(encodeRecord({ key: { keytype: 'CONFIG', subject: 'kept', magic: 0 }, value: i === 2999 ? config : { compatibilityLevel: 'FULL' } }))
      lines.push(encodeRecord({ key: { keytype: 'MODE', subject: 'kept', magic: 0 }, value: null }))
    }
    writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
    let reg = await startTestRegistry({ data: dir })
    expect(readFileSync(join(dir, 'changelog.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3)
    await reg.close()
    reg = await startTestRegistry({ data: dir })
    cleanups.push(() => reg.close())
    const c = client(reg.url)
    expect((await c.get('/subjects/kept/versions/1')).text).toContain(`"metadata":${JSON.stringify(metadata)},"ruleSet":${JSON.stringify(ruleSet)},"schema":`)
    expect((await c.get('/config/kept')).text).toBe(JSON.stringify(config))
  })
})
