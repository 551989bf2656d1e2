import { describe, expect, it } from 'vitest'
import { useTestRegistry } from '../helpers/registry-server.js'
import { record } from './http.js'

const reg = useTestRegistry({ per: 'test' })
const c = reg.http

const ADDRESS = JSON.stringify({ type: 'record', name: 'Address', namespace: 'acme', fields: [{ name: 'street', type: 'string' }] })
const PERSON = JSON.stringify({ type: 'record', name: 'Person', namespace: 'acme', fields: [{ name: 'home', type: 'acme.Address' }] })

describe('contexts', () => {
  it('gives each context its own id space and lists qualified subjects', async () => {
    const a = await c.post('/subjects/orders/versions', { schema: record('A', 'x:string') })
    const b = await c.post('/subjects/:.staging:orders/versions', { schema: record('B', 'y:string') })
    expect(a.body.id).toBe(1)
    expect(b.body.id).toBe(1)
    expect((await c.get('/schemas/ids/1')).body.schema).toContain('"A"')
    expect((await c.get('/schemas/ids/1?subject=:.staging:orders')).body).toMatchObject({ subject: ':.staging:orders', version: 1 })
    expect((await c.get('/schemas/ids/1?subject=:.staging:orders')).body.schema).toContain('"B"')
    expect((await c.get('/subjects')).body).toEqual([':.staging:orders', 'orders'])
    expect((await c.get('/subjects?subjectPrefix=')).body).toEqual(['orders'])
    expect((await c.get('/subjects?subjectPrefix=:.staging:')).body).toEqual([':.staging:orders'])
    expect((await c.get('/contexts')).body).toEqual(['.', '.staging'])
  })

  it('normalizes :.: to the default context', async () => {
    await c.post('/subjects/:.:plain/versions', { schema: record('A', 'x:string') })
    expect((await c.get('/subjects')).body).toEqual(['plain'])
  })

  it('supports the /contexts/{ctx}/… URL form', async () => {
    await c.post('/contexts/.dev/subjects/pay/versions', { schema: record('P', 'x:string') })
    expect((await c.get('/subjects/:.dev:pay/versions')).body).toEqual([1])
    expect((await c.get('/contexts/dev/subjects')).body).toEqual([':.dev:pay'])
    expect((await c.get('/contexts/:.dev:/subjects/pay/versions/1')).body).toMatchObject({ subject: ':.dev:pay', id: 1 })
    expect((await c.get('/contexts/.dev/schemas/ids/1')).body.schema).toContain('"P"')
    expect((await c.put('/contexts/.dev/config', { compatibility: 'NONE' })).body).toEqual({ compatibility: 'NONE' })
    expect((await c.get('/config/:.dev:')).body).toEqual({ compatibilityLevel: 'NONE' })
    expect((await c.get('/contexts/.dev/config/pay?defaultToGlobal=true')).body).toEqual({ compatibilityLevel: 'NONE' })
    expect((await c.post('/contexts/.dev/compatibility/subjects/pay/versions', { schema: record('Q', 'y:int') })).body).toEqual({ is_compatible: true })
    expect((await c.get('/contexts/.dev/mode')).body).toEqual({ error_code: 40409, message: "Subject ':.dev:' does not have subject-level mode configured" })
  })

  it('scopes the /contexts/{ctx}/schemas and /subjects lists to the context, a subjectPrefix within it', async () => {
    await c.post('/subjects/orders/versions', { schema: record('A', 'x:string') })
    await c.post('/subjects/:.dev:pay/versions', { schema: record('P', 'x:string') })
    await c.post('/subjects/:.dev:orders/versions', { schema: record('O', 'x:string') })
    expect(((await c.get('/contexts/.dev/schemas')).body as Array<{ subject: string }>).map((s) => s.subject)).toEqual([':.dev:orders', ':.dev:pay'])
    expect(((await c.get('/contexts/.dev/schemas?subjectPrefix=pa')).body as Array<{ subject: string }>).map((s) => s.subject)).toEqual([':.dev:pay'])
    expect((await c.get('/contexts/.dev/subjects?subjectPrefix=or')).body).toEqual([':.dev:orders'])
    expect((await c.get('/contexts/.none/schemas')).body).toEqual([])
  })

  it('DELETE /contexts/{ctx} answers 42211 while the context holds subjects, 204 once empty', async () => {
    await c.post('/subjects/:.tmp:s/versions', { schema: record('A', 'x:string') })
    expect((await c.del('/contexts/.tmp')).body).toEqual({ error_code: 42211, message: "The specified context '.tmp' is not empty." })
    await c.del('/subjects/:.tmp:s')
    await c.del('/subjects/:.tmp:s?permanent=true')
    expect((await c.del('/contexts/.tmp')).status).toBe(204)
  })
})

describe('references', () => {
  it('resolves references before parsing, serves them, and lists referrers', async () => {
    await c.post('/subjects/address/versions', { schema: ADDRESS })
    const refs = [{ name: 'acme.Address', subject: 'address', version: -1 }]
    const person = await c.post('/subjects/person/versions', { schema: PERSON, references: refs })
    expect(person.status).toBe(200)
    expect(person.body.references).toEqual([{ name: 'acme.Address', subject: 'address', version: 1 }])
    expect((await c.get(`/schemas/ids/${person.body.id}`)).body.references).toEqual([{ name: 'acme.Address', subject: 'address', version: 1 }])
    expect((await c.get('/subjects/address/versions/1/referencedby')).body).toEqual([person.body.id])
    // The stored text keeps referenced types as names (not inlined), as Confluent stores it.
    const stored = (await c.get(`/schemas/ids/${person.body.id}`)).body.schema
    expect(JSON.parse(stored).fields).toEqual([{ name: 'home', type: 'Address' }])
    // Lookup matches on text and references.
    expect((await c.post('/subjects/person', { schema: PERSON, references: refs })).body.id).toBe(person.body.id)
  })

  it('rejects a missing reference and a schema using an unknown type', async () => {
    const missing = await c.post('/subjects/person/versions', { schema: PERSON, references: [{ name: 'acme.Address', subject: 'address', version: 1 }] })
    expect(missing.body.error_code).toBe(42201)
    expect(missing.body.message).toContain('No schema reference found for subject "address" and version 1')
    expect((await c.post('/subjects/person/versions', { schema: PERSON })).body.error_code).toBe(42201)
    expect((await c.post('/subjects/person/versions', { schema: PERSON, references: [{ name: 'x' }] })).body.message).toMatch(/^Invalid reference/)
  })

  it('refuses to delete a referenced version (42206) until the referrer is soft-deleted', async () => {
    await c.post('/subjects/address/versions', { schema: ADDRESS })
    await c.post('/subjects/person/versions', { schema: PERSON, references: [{ name: 'acme.Address', subject: 'address', version: 1 }] })
    const refused = { error_code: 42206, message: 'One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=address,version=1}.' }
    expect((await c.del('/subjects/address/versions/1')).body).toEqual(refused)
    expect((await c.del('/subjects/address')).body).toEqual(refused)
    await c.del('/subjects/person')
    expect((await c.del('/subjects/address')).body).toEqual([1])
    // Permanent delete also counts soft-deleted referrers.
    expect((await c.del('/subjects/address?permanent=true')).body).toEqual(refused)
    await c.del('/subjects/person?permanent=true')
    expect((await c.del('/subjects/address?permanent=true')).body).toEqual([1])
  })

  it('with normalize=true, the order of references does not change the identity', async () => {
    const phone = JSON.stringify({ type: 'record', name: 'Phone', namespace: 'acme', fields: [{ name: 'number', type: 'string' }] })
    const contact = JSON.stringify({
      type: 'record',
      name: 'Contact',
      namespace: 'acme',
      fields: [
        { name: 'a', type: 'acme.Address' },
        { name: 'p', type: 'acme.Phone' },
      ],
    })
    await c.post('/subjects/address/versions', { schema: ADDRESS })
    await c.post('/subjects/phone/versions', { schema: phone })
    const a = { name: 'acme.Address', subject: 'address', version: 1 }
    const p = { name: 'acme.Phone', subject: 'phone', version: 1 }
    const first = await c.post('/subjects/contact/versions?normalize=true', { schema: contact, references: [p, a] })
    expect(first.body.references).toEqual([a, p])
    const again = await c.post('/subjects/contact/versions?normalize=true', { schema: contact, references: [a, p] })
    expect(again.body).toMatchObject({ id: first.body.id, version: 1 })
  })

  it('resolves an unqualified reference within the referrer context', async () => {
    await c.post('/subjects/:.ctx:address/versions', { schema: ADDRESS })
    const res = await c.post('/subjects/:.ctx:person/versions', { schema: PERSON, references: [{ name: 'acme.Address', subject: 'address', version: 1 }] })
    expect(res.status).toBe(200)
    expect((await c.get('/subjects/:.ctx:address/versions/1/referencedby')).body).toEqual([res.body.id])
  })
})
