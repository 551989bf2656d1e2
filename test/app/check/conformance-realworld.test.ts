import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkWorkspace } from '../../../src/app/check/workspace.js'
import type { CompatibilityLevel } from '../../../src/engine/types.js'

// Data: a real-world workspace and the verdicts and refused versions Confluent's registry gives it at
// each level (workspace-expected.json), from the labelled conformance cases kept beside the clone.
const conformance = fileURLToPath(new URL('../../../../shared/conformance/avro-realworld/', import.meta.url))
const workspace = `${conformance}workspace`
const LEVELS: CompatibilityLevel[] = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE']

type Expected = Record<string, Record<string, { compatible: boolean; failedVersions: number[] }>>

describe('real-world workspace (the avro-realworld conformance case)', () => {
  it('is present beside the clone', () => {
    expect(existsSync(`${conformance}workspace-expected.json`), `missing ${conformance}: clone the repository with shared/ beside it`).toBe(true)
  })

  it.each(LEVELS)(
    'check at %s gives exactly the expected verdicts and refused versions',
    async (level) => {
      const expected = JSON.parse(readFileSync(`${conformance}workspace-expected.json`, 'utf8')) as Expected
      const { report } = await checkWorkspace({ dir: workspace, level })
      const invalid = report.subjects.filter((s) => s.verdict === 'invalid').map((s) => [s.subject, s.findings.map((f) => `${f.file}: ${f.message}`)])
      expect(invalid).toEqual([])
      const actual = Object.fromEntries(
        report.subjects.map((s) => [s.subject, { compatible: s.verdict === 'compatible', failedVersions: s.refused.map((r) => r.version) }]),
      )
      const wanted = Object.fromEntries(Object.entries(expected).map(([subject, levels]) => [subject, levels[level]]))
      expect(actual).toEqual(wanted)
    },
    60_000,
  )
})
