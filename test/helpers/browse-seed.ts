/** Subjects for the browse tests: a few of each kind (references, JSON Schema, Protobuf, a context, a deleted version) and `extra` plain ones. */

/** Registers a schema over HTTP; throws with the registry's reply when refused. */
export async function registerSchema(url: string, subject: string, schema: unknown, extra: Record<string, unknown> = {}): Promise<{ id: number }> {
  const response = await fetch(`${url}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: typeof schema === 'string' ? schema : JSON.stringify(schema), ...extra }),
  })
  if (!response.ok) throw new Error(`register ${subject}: ${response.status} ${await response.text()}`)
  return (await response.json()) as { id: number }
}

const record = (name: string, fields: unknown[]) => ({ type: 'record', name, namespace: 'com.example', fields })

/** The proto registered under shipment-value. */
export const SHIPMENT_PROTO = 'syntax = "proto3";\npackage shop;\n\nmessage Shipment {\n  string id = 1;\n  int64 weight = 2; // grams\n}\n'

/**
 * Seeds `url` with: money-value v1; orders-value v1–v3 (v2 adds `note`, v3 adds `total`, a
 * reference to money-value v1), v4 removing `note` soft-deleted; person-value v1–v2 (JSON Schema,
 * level NONE of its own);
 * shipment-value (Protobuf); :.staging:orders-value; then `extra` subjects topic-00000-value, ….
 */
export async function seedBrowseRegistry(url: string, extra = 0): Promise<void> {
  await registerSchema(
    url,
    'money-value',
    record('Money', [
      { name: 'amount', type: 'long' },
      { name: 'currency', type: 'string' },
    ]),
  )
  const id = { name: 'id', type: 'string' }
  const note = { name: 'note', type: ['null', 'string'], default: null }
  const total = { name: 'total', type: ['null', 'com.example.Money'], default: null }
  const moneyRef = { references: [{ name: 'com.example.Money', subject: 'money-value', version: 1 }] }
  await registerSchema(url, 'orders-value', record('Order', [id]))
  await registerSchema(url, 'orders-value', record('Order', [id, note]))
  await registerSchema(url, 'orders-value', record('Order', [id, note, total]), moneyRef)
  await registerSchema(url, 'orders-value', record('Order', [id, total]), moneyRef)
  const deleted = await fetch(`${url}/subjects/orders-value/versions/4`, { method: 'DELETE' })
  if (!deleted.ok) throw new Error(`delete orders-value v4: ${deleted.status}`)
  const person = (properties: Record<string, unknown>) => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties })
  await registerSchema(url, 'person-value', person({ name: { type: 'string' } }), { schemaType: 'JSON' })
  const none = await fetch(`${url}/config/person-value`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ compatibility: 'NONE' }),
  })
  if (!none.ok) throw new Error(`config person-value: ${none.status}`)
  await registerSchema(url, 'person-value', person({ name: { type: 'string' }, age: { type: 'integer' } }), { schemaType: 'JSON' })
  await registerSchema(url, 'shipment-value', SHIPMENT_PROTO, { schemaType: 'PROTOBUF' })
  await registerSchema(url, ':.staging:orders-value', record('Order', [id]))
  for (let i = 0; i < extra; i++) await registerSchema(url, `topic-${String(i).padStart(5, '0')}-value`, record(`Topic${i}`, [{ name: 'id', type: 'long' }]))
}
