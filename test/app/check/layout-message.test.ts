import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packLayout, unpackLayout } from '../../../src/app/check/layout-message.js'
import { scanLayout } from '../../../src/workspace/layout.js'
import { record, temporaryWorkspaces } from '../../workspace/make-workspace.js'

const folder = temporaryWorkspaces()
const v = (name: string) => JSON.stringify(record(name, [{ name: 'id', type: 'string' }]))

// The layout a check worker receives (src/app/check/threads.ts) must be the one the main thread
// listed, exactly: the workers index subjects by position and the verdict cache keys on the JSON
// of each subject's versions.
describe('packLayout', () => {
  it('gives back the same layout, key order included, for every kind of subject', async () => {
    const dir = folder({
      'plain-value/1.avsc': v('Plain'),
      'plain-value/2.avsc': v('Plain'),
      'one-file-value.avsc': v('OneFile'),
      'with-contract-value/1.avsc': v('C'),
      'with-contract-value/1.contract.json': { metadata: { properties: { owner: 'x' } } },
      'gap-value/1.avsc': v('Gap'),
      'gap-value/3.avsc': v('Gap'),
      'bad-name-value/1.avsc': v('Bad'),
      'bad-name-value/latest.avsc': v('Bad'),
      'team%2Forders-value/1.avsc': v('Encoded'),
      'proto-value/1.proto': 'syntax = "proto3";\nmessage P { string id = 1; }\n',
      'json-value/1.json': { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
      'stray.contract.json': {},
      'empty-folder/.keep': '',
    })
    const layout = await scanLayout(dir)
    expect(layout.subjects.map((s) => s.subject)).toContain('team/orders-value')
    expect(layout.problems.length).toBeGreaterThan(0)
    const unpacked = unpackLayout(packLayout(layout))
    expect(JSON.stringify(unpacked)).toBe(JSON.stringify(layout))
    expect(unpacked).toEqual(layout)
  })

  it('sends a usual subject as its folder name and version count, far smaller than its JSON', async () => {
    const tree: Record<string, string> = {}
    for (let i = 0; i < 50; i++) for (let n = 1; n <= 10; n++) tree[`s-${i}-value/${n}.avsc`] = v(`S${i}`)
    const layout = await scanLayout(folder(tree))
    const packed = packLayout(layout)
    expect(packed).toContain('"s-7-value",10')
    expect(packed.length * 10).toBeLessThan(JSON.stringify(layout).length)
    expect(unpackLayout(packed)).toEqual(layout)
  })

  it('round-trips the example workspace', async () => {
    const layout = await scanLayout(fileURLToPath(new URL('../../../schemas-example', import.meta.url)))
    expect(JSON.stringify(unpackLayout(packLayout(layout)))).toBe(JSON.stringify(layout))
  })
})
