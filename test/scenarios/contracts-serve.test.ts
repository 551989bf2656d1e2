/**
 * Scenarios: data contracts (a version's `metadata` and `ruleSet`) kept by `schemactl serve` as a
 * Confluent registry keeps them: stored and returned on every read, inherited, merged with the
 * config's defaults and overrides, stamped, compared, grouped for compatibility, and durable.
 */
import { describe, expect, it } from 'vitest'
import { makeTempDir, startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'
import { client, record } from '../server/http.js'

const registry = useTestRegistry({ per: 'test' })
const c = registry.http

const USER_V1 = record('User', 'name:string', 'ssn:string')
const USER_V2 = record('User', 'name:string', 'ssn:string', 'email:string=""')
const USER_V3_BREAKING = record('User', 'name:string', 'ssn:int')
const USER_V4_BREAKING = record('User', 'name:string', 'ssn:long', 'age:int')

// As a client may send it: keys out of order, sets unsorted and repeated, kind and disabled left out.
const SENT_METADATA = {
  properties: { owner: 'identity-team', 'application.major.version': '1' },
  tags: { 'User.ssn': ['PII', 'SENSITIVE', 'PII'] },
  sensitive: ['owner'],
}
const SENT_RULES = {
  domainRules: [
    { name: 'encryptSsn', type: 'ENCRYPT', mode: 'WRITEREAD', tags: ['PII'], params: { 'encrypt.kek.name': 'kek1' } },
    { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.ssn) == 9' },
  ],
}
// What the registry stores and answers: its normal form.
const STORED_METADATA = {
  tags: { 'User.ssn': ['PII', 'SENSITIVE'] },
  properties: { 'application.major.version': '1', owner: 'identity-team' },
  sensitive: ['owner'],
}
const STORED_RULES = {
  domainRules: [
    { name: 'encryptSsn', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], params: { 'encrypt.kek.name': 'kek1' }, disabled: false },
    { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.ssn) == 9', disabled: false },
  ],
}
const STORED_TEXT = `"metadata":${JSON.stringify(STORED_METADATA)},"ruleSet":${JSON.stringify(STORED_RULES)}`

describe('a version registered with a contract', () => {
  it('is read back in the registry normal form on every route that returns a schema', async () => {
    const reg = await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA, ruleSet: SENT_RULES })
    expect(reg.status).toBe(200)
    expect(reg.text).toContain(STORED_TEXT)
    const { id, guid } = reg.body as { id: number; guid: string }

    const reads = [
      '/subjects/users-value/versions/1',
      '/subjects/users-value/versions/latest',
      `/schemas/ids/${id}`,
      `/schemas/ids/${id}?subject=users-value`,
      `/schemas/guids/${guid}`,
      '/subjects/users-value/metadata?key=owner&value=identity-team',
    ]
    for (const path of reads) {
      const res = await c.get(path)
      expect(res.status, path).toBe(200)
      // Byte for byte, in the registry's member order (a Schema answers them before its schema text,
      // a SchemaString, by id or guid, after it and its references).
      expect(res.text, path).toContain(path.startsWith('/subjects') ? `${STORED_TEXT},"schema":` : `${STORED_TEXT},"guid":`)
    }
    const list = await c.get('/schemas?subjectPrefix=users')
    expect(list.body).toEqual([expect.objectContaining({ subject: 'users-value', metadata: STORED_METADATA, ruleSet: STORED_RULES })])
    expect((await c.get('/schemas?ruleType=ENCRYPT')).body).toHaveLength(1)
    expect((await c.get('/schemas?ruleType=JSONATA')).body).toEqual([])

    const lookup = await c.post('/subjects/users-value', { schema: USER_V1, metadata: SENT_METADATA, ruleSet: SENT_RULES })
    expect(lookup.body).toMatchObject({ version: 1, id, guid, metadata: STORED_METADATA, ruleSet: STORED_RULES })
    // The raw schema reads stay the schema text alone.
    expect((await c.get('/subjects/users-value/versions/1/schema')).text).toBe(USER_V1)
  })

  it('gets another id and guid than the same text with another contract, or none', async () => {
    const plain = (await c.post('/subjects/plain-value/versions', { schema: USER_V1 })).body
    const governed = (await c.post('/subjects/governed-value/versions', { schema: USER_V1, metadata: SENT_METADATA })).body
    const again = (await c.post('/subjects/again-value/versions', { schema: USER_V1, metadata: STORED_METADATA })).body
    expect(governed.id).not.toBe(plain.id)
    expect(governed.guid).not.toBe(plain.guid)
    // The same contract in another order is the same schema: one id across subjects.
    expect(again).toMatchObject({ id: governed.id, guid: governed.guid })
    expect(plain).not.toHaveProperty('metadata')
    // GET /schemas/guids/{guid} tells them apart too.
    expect((await c.get(`/schemas/guids/${plain.guid}`)).body).not.toHaveProperty('metadata')
    expect((await c.get('/schemas/guids/00000000-0000-0000-0000-000000000000')).body).toEqual({
      error_code: 40403,
      message: 'Schema 00000000-0000-0000-0000-000000000000 not found',
    })
  })

  it('answers a new version when only the contract changes, and finds the version again by its contract', async () => {
    await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA })
    const v2 = await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: { properties: { owner: 'platform' } } })
    expect(v2.body).toMatchObject({ version: 2, metadata: { properties: { owner: 'platform' } } })
    expect((await c.get('/subjects/users-value/versions')).body).toEqual([1, 2])
    expect((await c.post('/subjects/users-value', { schema: USER_V1, metadata: SENT_METADATA })).body.version).toBe(1)
    expect((await c.post('/subjects/users-value', { schema: USER_V1, metadata: { properties: { owner: 'nobody' } } })).body).toEqual({
      error_code: 40403,
      message: 'Schema not found',
    })
    // Re-registering either returns it, creating nothing.
    expect((await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA })).body.version).toBe(1)
    expect((await c.get('/subjects/users-value/versions')).body).toEqual([1, 2])
    // The newest version whose metadata holds every pair asked for.
    expect((await c.get('/subjects/users-value/metadata?key=owner&value=platform')).body.version).toBe(2)
    expect((await c.get('/subjects/users-value/metadata?key=owner&value=identity-team&key=application.major.version&value=1')).body.version).toBe(1)
    expect((await c.get('/subjects/users-value/metadata?key=owner&value=someone')).body).toEqual({ error_code: 40403, message: 'Schema not found' })
    expect((await c.get('/subjects/nobody/metadata?key=owner&value=platform')).body).toEqual({ error_code: 40401, message: "Subject 'nobody' not found." })
  })
})

describe('a version registered without a contract', () => {
  it("inherits the previous version's metadata and rule set, whole", async () => {
    await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA, ruleSet: SENT_RULES })
    const v2 = await c.post('/subjects/users-value/versions', { schema: USER_V2 })
    expect(v2.body).toMatchObject({ version: 2, metadata: STORED_METADATA, ruleSet: STORED_RULES })
    expect(v2.text).toContain(STORED_TEXT)
    // Sending metadata replaces it (not merged), and the rule set is still inherited.
    const v3 = await c.post('/subjects/users-value/versions', { schema: USER_V2, metadata: { properties: { owner: 'platform' } } })
    expect(v3.body.metadata).toEqual({ properties: { owner: 'platform' } })
    expect(v3.body.ruleSet).toEqual(STORED_RULES)
  })

  it('finds the version it would inherit from: a lookup or re-registration without metadata', async () => {
    const v1 = (await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA })).body
    expect((await c.post('/subjects/users-value', { schema: USER_V1 })).body).toMatchObject({ version: 1, id: v1.id })
    expect((await c.post('/subjects/users-value/versions', { schema: USER_V1 })).body).toMatchObject({ version: 1, id: v1.id })
    expect((await c.get('/subjects/users-value/versions')).body).toEqual([1])
  })

  it('re-registers the latest schema with a new contract when the schema is empty (a contract-only update)', async () => {
    await c.post('/subjects/users-value/versions', { schema: USER_V1 })
    const v2 = await c.post('/subjects/users-value/versions', { schema: '', ruleSet: SENT_RULES })
    expect(v2.body).toMatchObject({ version: 2, schema: USER_V1, ruleSet: STORED_RULES })
  })
})

describe('config defaults and overrides', () => {
  it('merge default, then the version own contract, then override; a subject member replaces the global one', async () => {
    await c.put('/config', {
      defaultMetadata: { properties: { owner: 'platform', tier: 'gold', region: 'eu' } },
      defaultRuleSet: { domainRules: [{ name: 'checkName', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.name != ""' }] },
    })
    const put = await c.put('/config/users-value', {
      overrideMetadata: { properties: { tier: 'silver' }, sensitive: ['owner'] },
      overrideRuleSet: { domainRules: [{ name: 'encryptSsn', type: 'ENCRYPT', tags: ['PII'] }] },
    })
    expect(put.body).toEqual({
      overrideMetadata: { properties: { tier: 'silver' }, sensitive: ['owner'] },
      overrideRuleSet: { domainRules: [{ name: 'encryptSsn', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], disabled: false }] },
    })
    const v1 = await c.post('/subjects/users-value/versions', {
      schema: USER_V1,
      metadata: { properties: { owner: 'identity-team', tier: 'bronze' } },
      ruleSet: {
        domainRules: [
          { name: 'encryptSsn', type: 'ENCRYPT', tags: ['SSN'] },
          { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'true' },
        ],
      },
    })
    expect(v1.body.metadata).toEqual({ properties: { owner: 'identity-team', region: 'eu', tier: 'silver' }, sensitive: ['owner'] })
    // Default rules first (unless the version replaces them by name), the version's, then the overrides, which replace same-named ones.
    expect(v1.body.ruleSet.domainRules.map((r: { name: string; tags?: string[] }) => [r.name, r.tags])).toEqual([
      ['checkName', undefined],
      ['checkSsn', undefined],
      ['encryptSsn', ['PII']],
    ])
    // GET /config/{s} answers the subject's own members; with defaultToGlobal the effective config.
    expect((await c.get('/config/users-value')).body).not.toHaveProperty('defaultMetadata')
    expect((await c.get('/config/users-value?defaultToGlobal=true')).body).toMatchObject({
      compatibilityLevel: 'BACKWARD',
      defaultMetadata: { properties: { owner: 'platform', region: 'eu', tier: 'gold' } },
      overrideMetadata: { properties: { tier: 'silver' }, sensitive: ['owner'] },
    })
    // A subject's defaultMetadata replaces the global one whole.
    await c.put('/config/orders-value', { defaultMetadata: { properties: { owner: 'orders' } } })
    expect((await c.post('/subjects/orders-value/versions', { schema: USER_V1 })).body.metadata).toEqual({ properties: { owner: 'orders' } })
  })

  it('stores and returns every config member, keeps members an update leaves out, and forgets them all on DELETE', async () => {
    const all = {
      compatibility: 'FULL',
      alias: 'users',
      normalize: true,
      validateFields: true,
      validateRules: false,
      compatibilityGroup: 'application.major.version',
      compatibilityPolicy: 'STRICT',
      defaultMetadata: { properties: { owner: 'platform' } },
      overrideMetadata: { tags: { '**.ssn': ['PII'] } },
      defaultRuleSet: { migrationRules: [{ name: 'up', type: 'JSONATA', mode: 'UPGRADE', expr: '$' }] },
      overrideRuleSet: { encodingRules: [{ name: 'enc', type: 'ENCRYPT_PAYLOAD', mode: 'WRITEREAD' }] },
    }
    const put = await c.put('/config/users-value', all)
    expect(Object.keys(put.body)).toEqual(['compatibility', ...Object.keys(all).slice(1)])
    await c.put('/config/users-value', { compatibility: 'BACKWARD' })
    const got = (await c.get('/config/users-value')).body
    expect(got).toMatchObject({ compatibilityLevel: 'BACKWARD', alias: 'users', compatibilityGroup: 'application.major.version', validateRules: false })
    expect(got.defaultRuleSet).toEqual({ migrationRules: [{ name: 'up', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: '$', disabled: false }] })
    expect((await c.del('/config/users-value')).body).toMatchObject({ compatibilityLevel: 'BACKWARD', alias: 'users' })
    expect((await c.get('/config/users-value')).body.error_code).toBe(40408)
  })

  it('refuses an invalid rule set with 42210 and a value of the wrong shape with 400, storing nothing', async () => {
    const dup = await c.put('/config', { defaultRuleSet: { domainRules: [{ name: 'a', type: 'CEL' }], encodingRules: [{ name: 'a', type: 'CEL' }] } })
    expect(dup.body).toEqual({ error_code: 42210, message: "Found rule with duplicate name 'a'" })
    const shape = await c.put('/config', { defaultMetadata: { properties: ['owner'] } })
    expect(shape.status).toBe(400)
    expect(shape.body.error_code).toBe(400)
    expect(shape.body.message).toMatch(/defaultMetadata\/properties/)
    expect((await c.put('/config', { validateFields: 'yes' })).body).toEqual({ error_code: 400, message: 'Invalid /validateFields: must be true or false' })
    expect((await c.get('/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' })
  })
})

describe('registration refuses a contract the registry refuses', () => {
  it('42210 for each rule-set problem, 400 for a value of the wrong shape', async () => {
    const cases: Array<[unknown, number, string | RegExp]> = [
      [
        {
          domainRules: [
            { name: 'a', type: 'CEL' },
            { name: 'a', type: 'CEL' },
          ],
        },
        42210,
        "Found rule with duplicate name 'a'",
      ],
      [{ domainRules: [{ type: 'CEL' }] }, 42210, 'Missing rule name'],
      [{ domainRules: [{ name: '1st', type: 'CEL' }] }, 42210, 'Illegal initial character in rule name: 1st'],
      [{ domainRules: [{ name: 'a' }] }, 42210, 'Missing rule type'],
      [{ domainRules: [{ name: 'a', type: 'CEL', mode: 'UPGRADE' }] }, 42210, 'Domain rules can only be WRITE, READ, WRITEREAD'],
      [{ migrationRules: [{ name: 'a', type: 'JSONATA' }] }, 42210, 'Migration rules can only be UPGRADE, DOWNGRADE, UPDOWN'],
      [{ domainRules: [{ name: 'a', type: 'CEL', mode: 'WRITE', onFailure: 'DLQ,ERROR' }] }, 42210, 'Multiple actions only valid with WRITEREAD and UPDOWN'],
      [{ domainRules: [{ name: 'a', type: 'CEL', kind: 'CHECK' }] }, 400, /kind/],
      [{ domainRules: 'a' }, 400, /domainRules/],
    ]
    for (const [ruleSet, code, message] of cases) {
      const res = await c.post('/subjects/users-value/versions', { schema: USER_V1, ruleSet })
      expect(res.body.error_code, JSON.stringify(ruleSet)).toBe(code)
      expect(res.status).toBe(code === 400 ? 400 : 422)
      expect(res.body.message).toMatch(message)
    }
    expect((await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: { properties: { owner: null } } })).body.error_code).toBe(400)
    expect((await c.get('/subjects')).body).toEqual([])
  })
})

describe('confluent:version', () => {
  it('is set to the version number when the request carries a version, and kept up to date once there', async () => {
    const v1 = await c.post('/subjects/users-value/versions', { schema: USER_V1, version: 1, metadata: { properties: { owner: 'a' } } })
    expect(v1.body.metadata).toEqual({ properties: { 'confluent:version': '1', owner: 'a' } })
    const v2 = await c.post('/subjects/users-value/versions', { schema: USER_V2 })
    expect(v2.body.metadata).toEqual({ properties: { 'confluent:version': '2', owner: 'a' } })
    // A stale value sent by a client is rewritten, not refused.
    const v3 = await c.post('/subjects/users-value/versions', { schema: USER_V2, metadata: { properties: { 'confluent:version': '7', owner: 'b' } } })
    expect(v3.body).toMatchObject({ version: 3, metadata: { properties: { 'confluent:version': '3', owner: 'b' } } })
    // A lookup that differs only in confluent:version finds the version.
    expect((await c.post('/subjects/users-value', { schema: USER_V2, metadata: { properties: { owner: 'b' } } })).body.version).toBe(3)
    expect(
      (await c.post('/subjects/users-value/versions', { schema: USER_V2, metadata: { properties: { 'confluent:version': '1', owner: 'b' } } })).body.version,
    ).toBe(3)
  })

  it('is not added when neither a version nor the property is there', async () => {
    const v1 = await c.post('/subjects/users-value/versions', { schema: USER_V1, metadata: { properties: { owner: 'Bob Jones', email: 'bob@acme.com' } } })
    expect(v1.body.metadata).toEqual({ properties: { email: 'bob@acme.com', owner: 'Bob Jones' } })
  })
})

describe('compatibilityGroup', () => {
  it('lets a breaking version in under a new major and still refuses a breaking version within it, at every level', async () => {
    for (const level of ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE']) {
      const subject = `group-${level.toLowerCase()}`
      await c.put(`/config/${subject}`, { compatibility: level, compatibilityGroup: 'application.major.version' })
      const major = (m: string) => ({ properties: { 'application.major.version': m } })
      expect((await c.post(`/subjects/${subject}/versions`, { schema: USER_V1, metadata: major('1') })).body.version).toBe(1)
      // Breaking, in a new group: checked against nothing from major 1.
      const v2 = await c.post(`/subjects/${subject}/versions`, { schema: USER_V3_BREAKING, metadata: major('2') })
      expect(v2.body.version, level).toBe(2)
      // Breaking within major 2: refused; the check endpoint agrees (the contract sent decides the group).
      const v3 = await c.post(`/subjects/${subject}/versions`, { schema: USER_V4_BREAKING, metadata: major('2') })
      expect(v3.body.error_code, level).toBe(40901)
      expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schema: USER_V4_BREAKING, metadata: major('2') })).body).toEqual({
        is_compatible: false,
      })
      // Inherited metadata counts: a version without metadata joins the newest version's group.
      expect((await c.post(`/subjects/${subject}/versions`, { schema: USER_V4_BREAKING })).body.error_code, level).toBe(40901)
      // A third major is free again.
      expect((await c.post(`/compatibility/subjects/${subject}/versions`, { schema: USER_V4_BREAKING, metadata: major('3') })).body).toEqual({
        is_compatible: true,
      })
      expect((await c.post(`/subjects/${subject}/versions`, { schema: USER_V4_BREAKING, metadata: major('3') })).body.version).toBe(3)
    }
  })

  it('groups by the value after the config defaults and overrides are applied', async () => {
    await c.put('/config/users-value', { compatibilityGroup: 'major', defaultMetadata: { properties: { major: '1' } } })
    await c.post('/subjects/users-value/versions', { schema: USER_V1 })
    expect((await c.post('/subjects/users-value/versions', { schema: USER_V3_BREAKING })).body.error_code).toBe(40901)
    expect((await c.post('/subjects/users-value/versions', { schema: USER_V3_BREAKING, metadata: { properties: { major: '2' } } })).body.version).toBe(2)
  })
})

describe('IMPORT mode', () => {
  it('stores the contract as sent: no inheritance, no config defaults, no stamp', async () => {
    await c.put('/config', { defaultMetadata: { properties: { owner: 'platform' } } })
    await c.put('/mode', { mode: 'IMPORT' })
    const v1 = await c.post('/subjects/users-value/versions', { schema: USER_V1, id: 10, version: 1, metadata: SENT_METADATA, ruleSet: SENT_RULES })
    expect(v1.text).toContain(STORED_TEXT)
    const v2 = await c.post('/subjects/users-value/versions', { schema: USER_V2, id: 11, version: 2 })
    expect(v2.body).not.toHaveProperty('metadata')
    expect(v2.body).not.toHaveProperty('ruleSet')
    // An import run again finds what it imported; the same id with another contract is another schema: refused.
    const again = await c.post('/subjects/users-value/versions', { schema: USER_V1, id: 10, version: 1, metadata: SENT_METADATA, ruleSet: SENT_RULES })
    expect(again.body).toMatchObject({ id: 10, version: 1 })
    expect((await c.get('/subjects/users-value/versions')).body).toEqual([1, 2])
    expect((await c.post('/subjects/other-value/versions', { schema: USER_V1, id: 10, version: 1 })).body.error_code).toBe(42205)
  })
})

describe('durability', () => {
  it('keeps every contract and config member byte for byte across a restart', async () => {
    const data = makeTempDir()
    try {
      let durable = await startTestRegistry({ data: data.dir })
      let d = client(durable.url)
      await d.put('/config/users-value', { compatibilityGroup: 'major', defaultRuleSet: SENT_RULES, overrideMetadata: { sensitive: ['owner'] } })
      const v1 = (await d.post('/subjects/users-value/versions', { schema: USER_V1, metadata: SENT_METADATA })).body
      await d.post('/subjects/users-value/versions', { schema: USER_V2, version: 2 })
      await d.post('/subjects/plain-value/versions', { schema: USER_V1 })
      const paths = [
        '/subjects/users-value/versions/1',
        '/subjects/users-value/versions/2',
        `/schemas/ids/${v1.id}`,
        `/schemas/guids/${v1.guid}`,
        '/schemas',
        '/config/users-value',
      ]
      const before = await Promise.all(paths.map(async (p) => (await d.get(p)).text))
      await durable.close()
      durable = await startTestRegistry({ data: data.dir })
      d = client(durable.url)
      const after = await Promise.all(paths.map(async (p) => (await d.get(p)).text))
      expect(after).toEqual(before)
      expect(before[0]).toContain('"metadata":{')
      // After the restart the state still decides: re-registering finds v1 by its contract.
      expect((await d.post('/subjects/users-value', { schema: USER_V1, metadata: SENT_METADATA })).body.version).toBe(1)
      await durable.close()
    } finally {
      data.remove()
    }
  })
})
