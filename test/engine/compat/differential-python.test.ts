/**
 * Differential test against a second implementation of Avro's reader/writer check: Debian's
 * python3-avro 1.11.1 (a port of Apache Avro's SchemaCompatibility). `.ci/run` installs it; where it
 * is missing, one skipped test says so and how to install it (`npm test` installs no system package).
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseSchema, readerWriterCompatibility } from '../../../src/engine/index.js'
import { caseSchema, readConformance } from '../schema/conformance-files.js'
import { evolvedPairArb } from './arbitraries.js'

const SCRIPT = fileURLToPath(new URL('./python-avro-compat.py', import.meta.url))
// Debian's interpreter, the one python3-avro is installed for (a python3 earlier on PATH may be another).
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3'

type Pair = { id: string; reader: unknown; writer: unknown; validateDefaults?: boolean }
type Verdict = { compatible: boolean; types: string[] }
type PythonVerdict = Verdict | { error: string }

/** Whether python3-avro can be imported by the interpreter the test runs. */
const hasPythonAvro = spawnSync(PYTHON, ['-c', 'import avro'], { stdio: 'ignore' }).status === 0

/** python3-avro's verdicts for `pairs`, in order (one process for all). */
function pythonVerdicts(pairs: readonly Pair[]): PythonVerdict[] {
  const text = (schema: unknown) => (typeof schema === 'string' ? schema : JSON.stringify(schema))
  const input = pairs.map((p) => JSON.stringify({ reader: text(p.reader), writer: text(p.writer) })).join('\n') + '\n'
  const run = spawnSync(PYTHON, [SCRIPT], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (run.status !== 0) {
    const why = (run.stderr || String(run.error)).trim().split('\n').at(-1)
    throw new Error(`python3-avro failed (${why})`)
  }
  const [header, ...verdicts] = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as PythonVerdict & { version?: string })
  expect(header.version).toBe('1.11.1')
  expect(verdicts).toHaveLength(pairs.length)
  return verdicts
}

/** The engine's verdict in python-avro's terms: compatibility and the set of incompatibility types. */
function engineVerdict(pair: Pair): Verdict {
  const result = readerWriterCompatibility(pair.reader, pair.writer, { validateDefaults: pair.validateDefaults ?? true })
  return { compatible: result.compatible, types: [...new Set(result.incompatibilities.map((i) => i.type))].sort() }
}

/** Ids of the pairs on which the two disagree (python's parse failures are returned apart). */
function compare(pairs: readonly Pair[]): { differ: string[]; pythonCannotParse: string[] } {
  const python = pythonVerdicts(pairs)
  const differ: string[] = []
  const pythonCannotParse: string[] = []
  pairs.forEach((pair, i) => {
    const verdict = python[i]
    if ('error' in verdict) pythonCannotParse.push(pair.id)
    else if (JSON.stringify(verdict) !== JSON.stringify(engineVerdict(pair))) differ.push(pair.id)
  })
  return { differ, pythonCannotParse }
}

const SKIPPED = 'skipped the differential test against python3-avro: it is not installed (apt-get install python3-avro; .ci/run installs it)'
if (hasPythonAvro) {
  describe('differential: the engine agrees with python3-avro 1.11.1', () => {
    it('on every conformance pair, except where 1.11.1 differs from Avro 1.12.1 (aliases, namespaces)', () => {
      const cases = readConformance<{ id: string; reader: unknown; writer: unknown; validateDefaults?: boolean }>('avro-compat/public.jsonl')
      const { differ, pythonCannotParse } = compare(cases.map((c) => ({ ...c, reader: caseSchema(c.reader), writer: caseSchema(c.writer) })))
      expect(pythonCannotParse).toEqual([])
      // The engine follows Avro 1.12.1, which labels these: 1.11.1 misses an alias of a nested record
      // in an inherited namespace, and does not refuse a reader field whose name and alias match two writer fields.
      expect(differ).toEqual([
        'own-names/nested-inner-renamed-alias',
        'own-record-fields/alias-matches-two-writer-fields',
        'own-record-fields/swap-names-via-aliases',
      ])
    })

    it('on 2,000 random evolutions (namespaces, aliases, logical types), read both ways', () => {
      const pairs = fc.sample(evolvedPairArb, { numRuns: 1000, seed: 7 }).flatMap(([old, next], i) => [
        { id: `${i} backward`, reader: next, writer: old },
        { id: `${i} forward`, reader: old, writer: next },
      ])
      // An evolution may drop a type a later field uses: both implementations must then refuse it.
      const valid = pairs.filter((p) => parseSchema(p.reader).ok && parseSchema(p.writer).ok)
      const { differ, pythonCannotParse } = compare(valid)
      expect(differ).toEqual([])
      // python-avro 1.11.1 lacks 1.12's fallback to the null namespace for a short name; all else must compare.
      expect(valid.length - pythonCannotParse.length).toBeGreaterThan(1000)
    })
  })
} else {
  it.skip(SKIPPED, () => {})
  console.warn(SKIPPED)
}
