import { describe, expect, it } from 'vitest'
import { makeTempDir, startTestRegistry, useTestRegistry } from '../helpers/registry-server.js'
import { client, record } from './http.js'

const reg = useTestRegistry({ per: 'test' })
const c = reg.http

const ORDER = record('Order', 'id:string')
const KEY = record('OrderKey', 'id:string')
const resource = { resourceName: 'orders', resourceNamespace: 'lkc-1', resourceId: 'lkc-1:orders', resourceType: 'topic' }

describe('POST /associations', () => {
  it('registers the schemas it carries and links the topic to its subjects; the reads find them by subject, resource id and name', async () => {
    const created = await c.post('/associations', {
      ...resource,
      associations: [
        { subject: 'orders-key', associationType: 'key', schema: { schema: KEY } },
        { subject: 'orders-value', associationType: 'value', lifecycle: 'STRONG', schema: { schema: ORDER, metadata: { properties: { owner: 'sales' } } } },
      ],
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      ...resource,
      associations: [
        { subject: 'orders-key', associationType: 'key', lifecycle: 'WEAK', frozen: false, schema: { subject: 'orders-key', version: 1, schema: KEY } },
        {
          subject: 'orders-value',
          associationType: 'value',
          lifecycle: 'STRONG',
          frozen: false,
          schema: { subject: 'orders-value', version: 1, metadata: { properties: { owner: 'sales' } } },
        },
      ],
    })
    expect((await c.get('/subjects')).body).toEqual(['orders-key', 'orders-value'])

    const value = (await c.get('/associations/subjects/orders-value')).body
    expect(value).toEqual([
      {
        subject: 'orders-value',
        guid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ...resource,
        associationType: 'value',
        lifecycle: 'STRONG',
        frozen: false,
        createTs: expect.any(Number),
        updateTs: expect.any(Number),
      },
    ])
    const byId = (await c.get('/associations/resources/lkc-1%3Aorders')).body
    expect(byId.map((a: { associationType: string }) => a.associationType)).toEqual(['key', 'value'])
    // The namespace '-' matches every namespace; filters by type and lifecycle; paging.
    expect((await c.get('/associations/resources/-/orders?associationType=value')).body).toEqual(value)
    expect((await c.get('/associations/resources/lkc-1/orders?associationType=key&associationType=value')).body).toHaveLength(2)
    expect((await c.get('/associations/resources/lkc-1/orders?lifecycle=WEAK')).body.map((a: { subject: string }) => a.subject)).toEqual(['orders-key'])
    expect((await c.get('/associations/resources/lkc-1/orders?offset=1&limit=1')).body.map((a: { subject: string }) => a.subject)).toEqual(['orders-value'])
    // None found is an empty list, not a 404: clients fall back to the topic-name strategy on it.
    expect((await c.get('/associations/resources/lkc-2/orders')).body).toEqual([])
    expect((await c.get('/associations/resources/-/payments')).body).toEqual([])
  })

  it('links an existing subject, defaults the type to value and the subject to <topic>-<type>; dryRun writes nothing', async () => {
    await c.post('/subjects/orders-value/versions', { schema: ORDER })
    const dry = await c.post('/associations?dryRun=true', { resourceName: 'orders', resourceNamespace: 'lkc-1', associations: [{}] })
    expect(dry.body).toEqual({ resourceName: 'orders', resourceNamespace: 'lkc-1', resourceType: 'topic' })
    expect((await c.get('/associations/subjects/orders-value')).body).toEqual([])
    const made = await c.post('/associations', { ...resource, associations: [{}] })
    expect(made.body.associations).toEqual([{ subject: 'orders-value', associationType: 'value', lifecycle: 'WEAK', frozen: false }])
  })

  it('refuses what the registry refuses: 42212 for an invalid request, 409s for conflicts', async () => {
    await c.post('/subjects/s1/versions', { schema: ORDER })
    const invalid = (property: string, reason: string) => ({
      error_code: 42212,
      message: `The association specified an invalid value for property: '${property}', reason: ${reason}`,
    })
    expect((await c.post('/associations', { resourceNamespace: 'n', resourceId: 'x', associations: [{ subject: 's1' }] })).body).toEqual(
      invalid('resourceName', 'cannot be null or empty'),
    )
    expect((await c.post('/associations', { resourceName: 't', resourceNamespace: 'n', associations: [{ subject: 's1' }] })).body).toEqual(
      invalid('resourceId', 'cannot be null or empty'),
    )
    expect((await c.post('/associations', { ...resource, resourceType: 'table', associations: [{ subject: 's1' }] })).body).toEqual(
      invalid('resourceType', "must be 'topic'"),
    )
    expect((await c.post('/associations', { ...resource, associations: [] })).body).toEqual(invalid('associations', 'cannot be null or empty'))
    expect((await c.post('/associations', { ...resource, associations: [{ subject: 's1', associationType: 'header' }] })).body).toEqual(
      invalid('associationType', "must be either 'key' or 'value'"),
    )
    expect((await c.post('/associations', { ...resource, associations: [{ subject: 's1', lifecycle: 'WEAK', frozen: true }] })).body).toEqual(
      invalid('frozen', 'association with lifecycle of WEAK cannot be frozen'),
    )
    expect((await c.post('/associations', { ...resource, associations: [{ subject: 'nothing' }] })).body).toEqual({
      error_code: 40907,
      message: "No active (non-deleted) version exists for subject 'nothing'",
    })
    expect((await c.post('/associations', { ...resource, associations: [{ subject: 's1' }] })).status).toBe(200)
    expect((await c.post('/associations', { ...resource, associations: [{ subject: 's1' }] })).body).toEqual({
      error_code: 40903,
      message: "An association of type 'value' already exists for resource 'orders'",
    })
    // A subject with a WEAK association cannot take a STRONG one, nor one with a STRONG one anything else.
    const other = { resourceName: 'payments', resourceNamespace: 'lkc-1', resourceId: 'lkc-1:payments' }
    expect((await c.post('/associations', { ...other, associations: [{ subject: 's1', lifecycle: 'STRONG' }] })).body).toEqual({
      error_code: 40904,
      message: "An association already exists for subject 's1'",
    })
    expect((await c.post('/associations', { ...other, associations: [{ subject: 's1', associationType: 'key' }] })).status).toBe(200)
    await c.post('/subjects/s2/versions', { schema: ORDER })
    await c.post('/associations', { resourceName: 'a', resourceNamespace: 'n', resourceId: 'n:a', associations: [{ subject: 's2', lifecycle: 'STRONG' }] })
    expect((await c.post('/associations', { resourceName: 'b', resourceNamespace: 'n', resourceId: 'n:b', associations: [{ subject: 's2' }] })).body).toEqual({
      error_code: 40905,
      message: "A strong association already exists for subject 's2'",
    })
  })
})

describe('PUT /associations/resources/{id}', () => {
  it('creates or updates: the lifecycle may change, the subject may not, a frozen association only when unfrozen', async () => {
    await c.post('/subjects/orders-value/versions', { schema: ORDER })
    const put = (body: object) => c.put('/associations/resources/lkc-1%3Aorders', { ...resource, ...body })
    expect((await put({ associations: [{ subject: 'orders-value', lifecycle: 'STRONG', frozen: true }] })).body.associations).toEqual([
      { subject: 'orders-value', associationType: 'value', lifecycle: 'STRONG', frozen: true },
    ])
    expect((await put({ associations: [{ subject: 'orders-value', lifecycle: 'WEAK' }] })).body).toEqual({
      error_code: 40908,
      message: "The association of type  'value' is frozen for subject 'orders-value'",
    })
    expect((await put({ associations: [{ subject: 'orders-value', frozen: false }] })).body.associations[0]).toMatchObject({
      lifecycle: 'STRONG',
      frozen: false,
    })
    expect((await put({ associations: [{ subject: 'orders-value', lifecycle: 'WEAK' }] })).body.associations[0]).toMatchObject({
      lifecycle: 'WEAK',
      frozen: false,
    })
    expect((await put({ associations: [{ subject: 'other-value' }] })).body.error_code).toBe(42212)
    expect((await c.put('/associations/resources/somewhere-else', { ...resource, associations: [{}] })).body.error_code).toBe(42212)
    const [stored] = (await c.get('/associations/subjects/orders-value')).body
    expect(stored.updateTs).toBeGreaterThanOrEqual(stored.createTs)
  })
})

describe('DELETE /associations/resources/{id}', () => {
  it('removes the associations; with cascadeLifecycle the subjects of STRONG ones go too, permanently', async () => {
    await c.post('/associations', {
      ...resource,
      associations: [
        { subject: 'orders-key', associationType: 'key', schema: { schema: KEY } },
        { subject: 'orders-value', associationType: 'value', lifecycle: 'STRONG', schema: { schema: ORDER } },
      ],
    })
    const del = await c.del('/associations/resources/lkc-1%3Aorders?associationType=key&cascadeLifecycle=true')
    expect(del.status).toBe(204)
    expect(del.text).toBe('')
    // A WEAK association leaves its subject.
    expect((await c.get('/subjects')).body).toEqual(['orders-key', 'orders-value'])
    expect((await c.del('/associations/resources/lkc-1%3Aorders?cascadeLifecycle=true')).status).toBe(204)
    expect((await c.get('/subjects?deleted=true')).body).toEqual(['orders-key'])
    expect((await c.get('/associations/resources/lkc-1%3Aorders')).body).toEqual([])
    expect((await c.del('/associations/resources/lkc-1%3Aorders')).body).toEqual({ error_code: 40410, message: "Association for 'lkc-1:orders' not found." })
  })

  it('keeps a frozen association unless cascading, and forgets the associations of a subject deleted for good', async () => {
    await c.post('/associations', { ...resource, associations: [{ subject: 'orders-value', lifecycle: 'STRONG', frozen: true, schema: { schema: ORDER } }] })
    expect((await c.del('/associations/resources/lkc-1%3Aorders')).body.error_code).toBe(40908)
    await c.post('/subjects/kept/versions', { schema: KEY })
    await c.post('/associations', { resourceName: 'kept', resourceNamespace: 'n', resourceId: 'n:kept', associations: [{ subject: 'kept' }] })
    await c.del('/subjects/kept')
    expect((await c.get('/associations/subjects/kept')).body).toHaveLength(1)
    await c.del('/subjects/kept?permanent=true')
    expect((await c.get('/associations/subjects/kept')).body).toEqual([])
  })
})

describe('associations in a read-only registry', () => {
  it('are read, and neither created nor deleted (42205)', async () => {
    await c.post('/associations', { ...resource, associations: [{ subject: 'orders-value', schema: { schema: ORDER } }] })
    await c.put('/mode/orders-value', { mode: 'READONLY' })
    expect((await c.get('/associations/subjects/orders-value')).body).toHaveLength(1)
    expect((await c.del('/associations/resources/lkc-1%3Aorders')).body.error_code).toBe(42205)
    expect(
      (await c.put('/associations/resources/lkc-1%3Aorders', { ...resource, associations: [{ subject: 'orders-value', lifecycle: 'STRONG' }] })).body
        .error_code,
    ).toBe(42205)
    expect((await c.get('/associations/subjects/orders-value')).body).toMatchObject([{ lifecycle: 'WEAK' }])
  })
})

describe('associations are durable', () => {
  it('survive a restart byte for byte', async () => {
    const data = makeTempDir()
    try {
      let durable = await startTestRegistry({ data: data.dir })
      let d = client(durable.url)
      await d.post('/associations', { ...resource, associations: [{ subject: 'orders-value', lifecycle: 'STRONG', schema: { schema: ORDER } }] })
      const before = (await d.get('/associations/resources/lkc-1%3Aorders')).text
      await durable.close()
      durable = await startTestRegistry({ data: data.dir })
      d = client(durable.url)
      expect((await d.get('/associations/resources/lkc-1%3Aorders')).text).toBe(before)
      expect(JSON.parse(before)).toHaveLength(1)
      await durable.close()
    } finally {
      data.remove()
    }
  })
})
