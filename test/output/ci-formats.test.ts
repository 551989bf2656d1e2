import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CheckReport } from '../../src/app/check/report.js'
import { checkGate } from '../../src/app/check/gate.js'
import { ruleCatalogue } from '../../src/app/lint/list-rules.js'
import { reportForRepository } from '../../src/app/repository-paths.js'
import { renderCheckReport, type CheckRenderContext } from '../../src/output/check-format.js'
import { PLAIN_STYLE } from '../../src/output/style.js'
import { parseXml } from '../helpers/xml.js'
import { validateSarif } from '../helpers/sarif-validate.js'

// Relative to the repository root (where vitest runs), so the goldens hold stable paths.
const WORKSPACE = 'test/fixtures/gate'
const golden = (name: string) => new URL(`../fixtures/output/${name}`, import.meta.url)

let report: CheckReport
let context: CheckRenderContext

beforeAll(async () => {
  report = (await checkGate({ dir: WORKSPACE, lint: true, today: '2026-11-22' })).report
  // vitest runs at the repository root: the paths relative to it are the paths as given.
  const repository = await reportForRepository(report)
  expect(repository.report).toEqual(report)
  context = { version: '0.0.0-test', catalogue: ruleCatalogue(), rootUri: repository.rootUri }
})

/** The output of `format`; the repository's absolute URI (SARIF's %SRCROOT%) replaced, so the goldens hold on any machine. */
const render = (format: Parameters<typeof renderCheckReport>[1], version = '0.0.0-test') =>
  renderCheckReport(report, format, PLAIN_STYLE, { ...context, version }).replaceAll(JSON.stringify(context.rootUri), '"file:///REPOSITORY/"')

function expectGolden(name: string, actual: string) {
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden(name), actual)
  expect(existsSync(golden(name))).toBe(true)
  expect(actual).toBe(readFileSync(golden(name), 'utf8'))
}

describe('CI output formats of check', () => {
  it.each([
    ['text', 'check.txt'],
    ['github', 'check.github.txt'],
    ['junit', 'check.junit.xml'],
    ['sarif', 'check.sarif.json'],
  ] as const)('%s matches its golden file', (format, name) => {
    expectGolden(name, render(format))
  })

  it('json (the --json envelope) matches its golden file', () => {
    // The envelope as the command prints it (status = exit code); built here so the approval dates stay fixed.
    const result = { ...report, config: relative(process.cwd(), report.config ?? '') }
    expectGolden('check.json', JSON.stringify({ status: report.exitCode, result, warnings: [] }, null, 2) + '\n')
  })

  it('github: one annotation per finding, with file, line, col and the rule as title; approved breaks as notices', () => {
    const lines = render('github').split('\n')
    expect(lines).toContain(
      "::error file=test/fixtures/gate/users-value/2.avsc,line=12,col=5,title=FIELD_ADDED_WITHOUT_DEFAULT::users-value: /fields/1: The field 'age' in the new schema has no default value and is missing in the old schema.",
    )
    expect(lines.filter((l) => l.startsWith('::notice ')).map((l) => l.split('::')[1])).toEqual([
      'notice file=test/fixtures/gate/payments-value/2.avsc,line=12,col=5,title=FIELD_ADDED_WITHOUT_DEFAULT',
    ])
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(5)
  })

  it('junit: well-formed XML with one test case per subject, failures and errors counted', () => {
    const xml = parseXml(render('junit'))
    expect(xml.name).toBe('testsuites')
    const cases = xml.children[0].children
    expect(cases.map((c) => c.attributes.name)).toEqual(report.subjects.map((s) => s.subject))
    const byName = Object.fromEntries(cases.map((c) => [c.attributes.name, c.children.map((e) => e.name)]))
    expect(byName).toEqual({
      'broken-value': ['error'],
      'orders-value': ['failure', 'system-out'],
      'payments-value': ['system-out'],
      'users-value': ['failure'],
    })
    expect(xml.attributes).toMatchObject({ tests: '4', failures: '2', errors: '1' })
    expect(cases[3].children[0].attributes.message).toContain("The field 'age' at path '/fields/1'")
  })

  it('sarif: a valid SARIF 2.1.0 log whose rules are the catalogue and whose results point into the candidates', () => {
    const log = JSON.parse(renderCheckReport(report, 'sarif', PLAIN_STYLE, { ...context, version: '1.2.3' })) as {
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } }
        originalUriBaseIds: Record<string, { uri: string }>
        results: Array<Record<string, unknown>>
      }>
    }
    expect(validateSarif(log)).toEqual([])
    expect(log.runs[0].tool.driver.rules.map((r) => r.id)).toEqual(ruleCatalogue().map((r) => r.id))
    // Paths are relative to the repository root, which the run names.
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(process.cwd()).href + '/' } })
    const locations = log.runs[0].results.flatMap(
      (r) => (r.locations ?? []) as Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }>,
    )
    expect(locations.length).toBeGreaterThan(0)
    for (const l of locations)
      expect(l.physicalLocation.artifactLocation).toMatchObject({ uri: expect.stringMatching(/^test\/fixtures\/gate\//), uriBaseId: '%SRCROOT%' })
    // Invalid input has a descriptor too, so GitHub shows its description.
    const invalid = log.runs[0].results.find((r) => r.ruleId === 'INVALID_JSON')
    expect(log.runs[0].tool.driver.rules[invalid?.ruleIndex as number]?.id).toBe('INVALID_JSON')
    const approved = log.runs[0].results.find((r) => JSON.stringify(r).includes('payments-value/2.avsc'))
    expect(approved?.suppressions).toEqual([{ kind: 'external', justification: 'the topic is recreated in release 7 (approved until 2026-12-31)' }])
    expect(log.runs[0].results).toHaveLength(5)
  })

  it('the validator itself rejects what SARIF forbids', () => {
    const problems = validateSarif({
      version: '2.0.0',
      runs: [
        {
          tool: { driver: {} },
          results: [{ ruleIndex: 3, message: {}, locations: [{ physicalLocation: { artifactLocation: { uri: 'a b' }, region: { startLine: 0 } } }] }],
        },
      ],
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        '/version: must be equal to one of the allowed values',
        "/runs/0/tool/driver: must have required property 'name'",
        '/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: must match format "uri-reference"',
        '/runs/0/results/0/locations/0/physicalLocation/region/startLine: must be >= 1',
        '/runs/0/results/0/ruleIndex: must index tool.driver.rules',
      ]),
    )
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', colour: 1 } }, results: [] }] })).toEqual([
      '/runs/0/tool/driver: must NOT have additional properties (colour)',
    ])
    expect(() => parseXml('<a><b></a></b>')).toThrow()
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow()
  })
})
