import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CHANGE_KINDS } from '../../../src/engine/diff/index.js'
import { pointerSegments } from '../../../src/engine/schema/locate.js'
import { recordSchemaArb, recursiveSchemaArb, schemaArb } from '../compat/arbitraries.js'
import { diff } from './diff-helpers.js'

/** Whether a JSON Pointer names a value in `json`. */
function resolves(json: unknown, pointer: string): boolean {
  let node = json
  for (const segment of pointerSegments(pointer)) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, segment)) return false
    node = (node as Record<string, unknown>)[segment]
  }
  return true
}

describe('diffSchemas (properties)', () => {
  it('finds no change between a schema and itself', () => {
    fc.assert(
      fc.property(fc.oneof(schemaArb, recursiveSchemaArb), (schema) => {
        expect(diff(JSON.stringify(schema), JSON.stringify(schema))).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it('gives every change a known kind and a pointer into b, or into a for what only a has', () => {
    fc.assert(
      fc.property(fc.oneof(recordSchemaArb, schemaArb, recursiveSchemaArb), fc.oneof(recordSchemaArb, schemaArb, recursiveSchemaArb), (a, b) => {
        for (const change of diff(JSON.stringify(a), JSON.stringify(b))) {
          expect(CHANGE_KINDS).toContain(change.kind)
          const onlyInA = change.after === undefined && change.before !== undefined
          expect(resolves(b, change.path) || (onlyInA && resolves(a, change.path)), `${change.kind} ${change.path}`).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
