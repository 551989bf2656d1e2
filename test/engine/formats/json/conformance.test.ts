/**
 * Confluent Schema Registry's own JSON Schema diff fixtures (conformance/jsonschema-compat/public.jsonl):
 * every case must give the same ordered differences and the same STRICT (and LENIENT) verdict.
 */
import { describe, expect, it } from 'vitest'
import { jsonSchemaFormat } from '../../../../src/engine/formats/json/index.js'
import type { CompatibilityPolicy } from '../../../../src/engine/formats/format.js'
import { readConformance } from '../../schema/conformance-files.js'

interface JsonSchemaCase {
  id: string
  description: string
  original_schema: unknown
  update_schema: unknown
  compatible: boolean
  compatible_lenient?: boolean
  errors: string[]
}

/** The ordered differences and the verdict under `policy`, as the fixtures write them. */
function diff(c: JsonSchemaCase, policy: CompatibilityPolicy) {
  const original = jsonSchemaFormat.parse(JSON.stringify(c.original_schema))
  const update = jsonSchemaFormat.parse(JSON.stringify(c.update_schema))
  if (!original.ok || !update.ok) throw new Error(`${c.id}: does not parse: ${JSON.stringify([original, update])}`)
  const differences = jsonSchemaFormat.differences(original.value, update.value, { policy })
  return { errors: differences.map((d) => `${d.type} ${d.path}`), compatible: differences.every((d) => d.compatible) }
}

describe('JSON Schema conformance (public.jsonl)', () => {
  const cases = readConformance<JsonSchemaCase>('jsonschema-compat/public.jsonl')
  let agreed = 0

  it('has the published cases', () => {
    expect(cases.length).toBe(151)
  })

  it.each(cases.map((c) => [`${c.id}: ${c.description}`, c] as const))('%s', (_name, c) => {
    const strict = diff(c, 'STRICT')
    expect(strict.errors).toEqual(c.errors)
    expect(strict.compatible).toBe(c.compatible)
    expect(diff(c, 'LENIENT').compatible).toBe(c.compatible_lenient ?? c.compatible)
    agreed++
  })

  it('agrees on every case', () => {
    console.log(`jsonschema-compat/public.jsonl: ${agreed}/${cases.length} agree (differences, order, STRICT and LENIENT verdicts)`)
    expect(agreed).toBe(cases.length)
  })
})
