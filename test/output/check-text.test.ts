import { describe, expect, it } from 'vitest'
import type { CheckReport } from '../../src/app/check/report.js'
import { renderCheckText } from '../../src/output/check-text.js'
import { loadStyle, PLAIN_STYLE } from '../../src/output/style.js'

const report: CheckReport = {
  workspace: 'schemas',
  subjects: [
    { subject: 'orders-value', level: 'BACKWARD', verdict: 'compatible', versions: [1, 2, 3], refused: [], findings: [] },
    {
      subject: 'users-value',
      level: 'FULL',
      verdict: 'incompatible',
      versions: [1, 2],
      refused: [{ version: 2, file: 'schemas/users-value/2.avsc', againstVersion: 1, messages: ['m'] }],
      findings: [
        {
          kind: 'incompatible',
          code: 'READER_FIELD_MISSING_DEFAULT_VALUE',
          message:
            "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'age' at path '/fields/2' in the new schema has no default value and is missing in the old schema', additionalInfo:'age'}",
          file: 'schemas/users-value/2.avsc',
          line: 7,
          column: 5,
          location: '/fields/2',
          rule: 'FIELD_ADDED_WITHOUT_DEFAULT',
          version: 2,
          againstVersion: 1,
          direction: 'backward',
        },
      ],
    },
    {
      subject: 'bad',
      level: 'BACKWARD',
      verdict: 'invalid',
      versions: [1],
      refused: [],
      findings: [{ kind: 'invalid', code: 'INVALID_JSON', message: 'invalid JSON: expected a value', file: 'schemas/bad.avsc', line: 1, column: 9 }],
    },
  ],
  problems: [{ kind: 'invalid', code: 'SYMLINK_LOOP', message: 'symbolic link loop: the link resolves to itself', file: 'schemas/loop.avsc' }],
  summary: { subjects: 3, compatible: 1, incompatible: 1, invalid: 1, new: 0 },
  exitCode: 5,
}

describe('renderCheckText', () => {
  it('prints one line per subject, its findings with file:line:col, and a summary', () => {
    const lines = renderCheckText(report, PLAIN_STYLE).split('\n')
    expect(lines).toEqual([
      'schemas/loop.avsc  SYMLINK_LOOP  symbolic link loop: the link resolves to itself',
      'orders-value  BACKWARD             compatible  versions 1–3',
      'users-value   FULL                 incompatible  versions 1–2, v2 refused (against v1)',
      "    schemas/users-value/2.avsc:7:5  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/2  [FIELD_ADDED_WITHOUT_DEFAULT]  (v2 reading v1)  The field 'age' in the new schema has no default value and is missing in the old schema.",
      'bad           BACKWARD             invalid  version 1',
      '    schemas/bad.avsc:1:9  INVALID_JSON  invalid JSON: expected a value',
      '',
      '3 subjects checked: 1 compatible, 1 incompatible, 1 invalid, 1 unreadable entry',
    ])
  })

  it("shows a forward finding at Avro's location in the old schema, placed by line:col in the candidate", () => {
    const forward = {
      kind: 'incompatible' as const,
      code: 'READER_FIELD_MISSING_DEFAULT_VALUE',
      rule: 'FIELD_REMOVED_WITHOUT_DEFAULT',
      message:
        "{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'b' at path '/fields/1' in the old schema has no default value and is missing in the new schema', additionalInfo:'b'}",
      file: 'schemas/u/2.avsc',
      line: 1,
      column: 1,
      location: '',
      readerLocation: '/fields/1',
      version: 2,
      againstVersion: 1,
      direction: 'forward' as const,
    }
    const subject = { ...report.subjects[1], findings: [forward] }
    const text = renderCheckText({ ...report, problems: [], subjects: [subject] }, PLAIN_STYLE)
    expect(text.split('\n')[1]).toBe(
      "    schemas/u/2.avsc:1:1  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/1  [FIELD_REMOVED_WITHOUT_DEFAULT]  (v1 reading v2)  The field 'b' in the old schema has no default value and is missing in the new schema.",
    )
  })

  it('with a baseline, names the workspace candidate and the baseline versions apart', () => {
    const subject = { ...report.subjects[1], versions: [1], refused: [{ version: 1, file: 'f', againstVersion: 1, messages: [] }] }
    subject.findings = [{ ...subject.findings[0], version: 1 }]
    const lines = renderCheckText({ ...report, against: 'snapshot', problems: [], subjects: [subject] }, PLAIN_STYLE).split('\n')
    expect(lines[0]).toBe('users-value  FULL                 incompatible  version 1, workspace v1 refused (against baseline v1)')
    expect(lines[1]).toContain('  (workspace v1 reading baseline v1)  ')
  })

  it('does not repeat a location the message also names', () => {
    const subject = {
      ...report.subjects[2],
      findings: [
        {
          kind: 'invalid' as const,
          code: 'INVALID_SCHEMA' as const,
          message: "Duplicate field 'a' in record 'D' at /fields/1",
          file: 'd.avsc',
          line: 2,
          column: 1,
          location: '/fields/1',
        },
      ],
    }
    const text = renderCheckText({ ...report, problems: [], subjects: [subject] }, PLAIN_STYLE)
    expect(text.split('\n')[1]).toBe("    d.avsc:2:1  INVALID_SCHEMA  /fields/1  Duplicate field 'a' in record 'D'")
  })

  it('uses ANSI colours only when asked', async () => {
    expect(renderCheckText(report, await loadStyle(false))).not.toMatch(/\u001b\[/)
    expect(renderCheckText(report, await loadStyle(true))).toMatch(/\u001b\[31minvalid/)
  })

  it('on a terminal, wraps each line between words to its width, continuation lines indented under the finding', async () => {
    for (const width of [40, 60, 100]) {
      for (const style of [PLAIN_STYLE, await loadStyle(true)]) {
        const text = renderCheckText(report, style, { width })
        const lines = text.split('\n').map((l) => l.replace(/\u001b\[[0-9;]*m/g, ''))
        // No line is wider than the terminal unless it is a single word (a path) that cannot be broken.
        for (const line of lines) if (line.length > width) expect(line.trim()).not.toContain(' ')
        // The words are the unwrapped text's, in order: nothing broken inside a word, nothing lost.
        const words = (t: string) =>
          t
            .replace(/\u001b\[[0-9;]*m/g, '')
            .split(/\s+/)
            .filter((w) => w !== '')
        expect(words(text)).toEqual(words(renderCheckText(report, style)))
        const finding = lines.findIndex((l) => l.startsWith('    schemas/users-value/2.avsc:7:5'))
        expect(lines[finding + 1]).toMatch(/^ {8}\S/)
      }
    }
    expect(renderCheckText(report, PLAIN_STYLE, { width: 100 }).split('\n').slice(3, 6)).toEqual([
      '    schemas/users-value/2.avsc:7:5  READER_FIELD_MISSING_DEFAULT_VALUE  /fields/2',
      "        [FIELD_ADDED_WITHOUT_DEFAULT]  (v2 reading v1)  The field 'age' in the new schema has no",
      '        default value and is missing in the old schema.',
    ])
  })

  it('without a width (a pipe, a file, CI), every finding stays one line', () => {
    expect(renderCheckText(report, PLAIN_STYLE, {})).toBe(renderCheckText(report, PLAIN_STYLE))
    expect(
      renderCheckText(report, PLAIN_STYLE)
        .split('\n')
        .filter((l) => l.startsWith('    ')),
    ).toHaveLength(2)
  })
})
