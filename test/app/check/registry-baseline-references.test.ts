import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import { startRecordingProxy } from '../../helpers/recording-proxy.js'
import { useTestRegistry } from '../../helpers/registry-server.js'
import { record, temporaryWorkspaces } from '../../workspace/make-workspace.js'

// A registry baseline is read subject by subject: what a registered version references is read by
// the registry's explicit references (subject and version), not looked up among other subjects.
const folder = temporaryWorkspaces()
const registry = useTestRegistry()

async function register(subject: string, schema: unknown, references: unknown[] = []): Promise<void> {
  const response = await fetch(`${registry.url}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema), ...(references.length > 0 ? { references } : {}) }),
  })
  expect(response.ok).toBe(true)
}

const money = { type: 'record', name: 'Money', namespace: 'com.acme', fields: [{ name: 'cents', type: 'long' }] }
const price = (moneyType: unknown) => ({ type: 'record', name: 'Price', namespace: 'com.acme', fields: [{ name: 'amount', type: moneyType }] })
const order = (priceType: unknown, extra = false) =>
  record('Order', [{ name: 'price', type: priceType }, ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : [])])

describe('check --against a registry: referenced subjects', () => {
  it('a registered version referencing a subject that references another (neither in the workspace) resolves both', async () => {
    await register('lazy-money', money)
    await register('lazy-price', price('com.acme.Money'), [{ name: 'com.acme.Money', subject: 'lazy-money', version: 1 }])
    await register('lazy-orders-value', order('com.acme.Price'), [{ name: 'com.acme.Price', subject: 'lazy-price', version: 1 }])
    // The workspace inlines the named types and adds an optional field: compatible with what is registered.
    const dir = folder({ 'lazy-orders-value.avsc': order(price(money), true) })
    const { report } = await checkWorkspace({ dir, against: registry.url })
    expect(report.problems).toEqual([])
    expect(report.subjects.map((s) => [s.subject, s.verdict, s.findings])).toEqual([['lazy-orders-value', 'compatible', []]])
    expect(report.exitCode).toBe(0)
  })

  it('reads a version several subjects reference once, and only the subjects being checked', async () => {
    for (const name of ['a', 'b', 'c'])
      await register(`shared-${name}-value`, order('com.acme.Price'), [{ name: 'com.acme.Price', subject: 'lazy-price', version: 1 }])
    await register('not-in-workspace-value', order('com.acme.Price'), [{ name: 'com.acme.Price', subject: 'lazy-price', version: 1 }])
    const proxy = await startRecordingProxy(registry.url)
    try {
      const dir = folder(Object.fromEntries(['a', 'b', 'c'].map((name) => [`shared-${name}-value.avsc`, order(price(money), true)])))
      const { report } = await checkWorkspace({ dir, against: proxy.url })
      expect(report.subjects.map((s) => s.verdict)).toEqual(['compatible', 'compatible', 'compatible'])
      const paths = proxy.requests.map((r) => r.url.split('?')[0])
      expect(paths.filter((p) => p === '/subjects/lazy-price/versions/1')).toHaveLength(1)
      expect(paths.filter((p) => p === '/subjects/lazy-money/versions/1')).toHaveLength(1)
      expect(paths.some((p) => p.includes('not-in-workspace-value'))).toBe(false)
    } finally {
      await proxy.close()
    }
  })

  it('a reference to an older version of a workspace subject resolves to that version, not the subject’s newest', async () => {
    const v1 = { type: 'record', name: 'Tag', namespace: 'com.acme', fields: [{ name: 'label', type: 'string' }] }
    // Version 2 of the tag subject changes the type in a way the referencing subject's candidate does not follow.
    const v2 = {
      type: 'record',
      name: 'Tag',
      namespace: 'com.acme',
      fields: [
        { name: 'label', type: 'string' },
        { name: 'colour', type: 'string', default: '' },
      ],
    }
    await register('lazy-tag', v1)
    await register('lazy-tag', v2)
    const tagged = (tagType: unknown) => record('Tagged', [{ name: 'tag', type: tagType }])
    await register('lazy-tagged-value', tagged('com.acme.Tag'), [{ name: 'com.acme.Tag', subject: 'lazy-tag', version: 1 }])
    // Both subjects are in the workspace: the tagged one, unchanged, inlines version 1 of the type.
    const dir = folder({ 'lazy-tag/1.avsc': v1, 'lazy-tag/2.avsc': v2, 'lazy-tagged-value.avsc': tagged(v1) })
    const { report } = await checkWorkspace({ dir, against: registry.url, changedOnly: true })
    // Unchanged against the registered versions as they were registered: nothing to check.
    expect(report.subjects).toEqual([])
    expect(report.problems).toEqual([])
  })
})
