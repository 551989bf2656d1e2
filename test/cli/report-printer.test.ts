import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkGate } from '../../src/app/check/gate.js'
import type { CheckReport } from '../../src/app/check/report.js'
import { ruleCatalogue } from '../../src/app/lint/list-rules.js'
import { ReportPrinter } from '../../src/cli/report-printer.js'
import { checkReportStream, renderCheckReport, type CheckFormat } from '../../src/output/check-format.js'
import { PLAIN_STYLE } from '../../src/output/style.js'

// check prints its report while it runs (src/cli/report-printer.ts): whatever the pipe's pace and
// whether the report waits in a spool, the bytes are those of the whole report rendered at once.
let report: CheckReport
const context = { version: '0.0.0-test', catalogue: ruleCatalogue(), rootUri: 'file:///REPOSITORY/' }
const FORMATS: CheckFormat[] = ['text', 'json', 'sarif', 'github', 'junit']

beforeAll(async () => {
  const gate = (await checkGate({ dir: 'test/fixtures/gate', lint: true, today: '2026-11-22' })).report
  // Many copies of the gate's subjects (problems, findings of every kind): a report of ~1 MB, many writes.
  const subjects = Array.from({ length: 300 }, (_, i) => gate.subjects.map((s) => ({ ...s, subject: `${s.subject}-${String(i).padStart(3, '0')}` }))).flat()
  report = { ...gate, subjects }
})

/** The whole report as the command printed it before it streamed: the renderer's text and a newline, or the --json envelope. */
function whole(format: CheckFormat): string {
  if (format === 'json') return JSON.stringify({ status: report.exitCode, result: report, warnings: ['a warning'] }, null, 2) + '\n'
  return renderCheckReport(report, format, PLAIN_STYLE, context) + '\n'
}

/** A pipe that takes one chunk at a time, each a turn of the event loop later; records whether it was written to while full. */
function slowPipe() {
  const chunks: string[] = []
  let writtenWhileFull = 0
  const out = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      setImmediate(done)
    },
  })
  const write = out.write.bind(out)
  out.write = ((chunk: string) => {
    if (out.writableNeedDrain) writtenWhileFull++
    return write(chunk)
  }) as typeof out.write
  return { out, chunks, full: () => writtenWhileFull }
}

async function print(format: CheckFormat, out: Writable, options: { atEnd?: boolean; names?: boolean; beforeFinish?: () => void } = {}) {
  const printer = new ReportPrinter({
    stream: (longestSubject) => checkReportStream(format, PLAIN_STYLE, { ...context, against: false, longestSubject }),
    needsNames: format === 'text',
    atEnd: options.atEnd ?? false,
    json: format === 'json',
    out,
  })
  const { subjects, ...end } = report
  await printer.start({
    workspace: report.workspace,
    problems: report.problems,
    ...(options.names === false ? {} : { longestSubject: Math.max(0, ...subjects.map((s) => s.subject.length)) }),
  })
  for (const subject of subjects) await printer.subject(subject)
  options.beforeFinish?.()
  await printer.finish(end, ['a warning'])
  await new Promise((resolve) => out.end(resolve))
}

describe('ReportPrinter', () => {
  it.each(FORMATS)('%s: the same bytes as the whole report, through a pipe that is always full, waiting for it to drain', async (format) => {
    const pipe = slowPipe()
    await print(format, pipe.out)
    expect(pipe.chunks.join('')).toBe(whole(format))
    // Text, SARIF and GitHub are written as they go; JSON and JUnit, whose head needs the end, after the spool (in large chunks).
    expect(pipe.chunks.length).toBeGreaterThan(['json', 'junit'].includes(format) ? 1 : 3)
    expect(pipe.full()).toBe(0)
  })

  it.each(FORMATS)('%s: spooled until the end (a registry baseline), nothing printed before, the same bytes after, no spool left', async (format) => {
    const pipe = slowPipe()
    const saved = process.env.TMPDIR
    const spools = mkdtempSync(join(tmpdir(), 'schemactl-printer-'))
    process.env.TMPDIR = spools
    try {
      let before: string[] = ['not asked']
      await print(format, pipe.out, { atEnd: true, beforeFinish: () => (before = [...pipe.chunks]) })
      expect(before).toEqual([])
      expect(pipe.chunks.join('')).toBe(whole(format))
      expect(readdirSync(spools)).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
      rmSync(spools, { recursive: true, force: true })
    }
  })

  // The spool writes to its file only past a megabyte: a smaller report waits in memory (nothing written, nothing to read back).
  it.each([
    ['a few subjects', 0.01, false],
    ['three times as many', 3, true],
  ] as const)('json spooled until the end, %s: the same bytes, written to the file only when large, no spool left', async (_, scale, written) => {
    const pipe = slowPipe()
    const saved = { report, tmp: process.env.TMPDIR }
    const spools = mkdtempSync(join(tmpdir(), 'schemactl-printer-'))
    process.env.TMPDIR = spools
    const count = Math.ceil(saved.report.subjects.length * scale)
    report = {
      ...saved.report,
      subjects: Array.from({ length: count }, (_, i) => ({
        ...saved.report.subjects[i % saved.report.subjects.length],
        subject: `s-${String(i).padStart(5, '0')}`,
      })),
    }
    try {
      let spooled = -1
      await print('json', pipe.out, {
        atEnd: true,
        beforeFinish: () => {
          const [folder] = readdirSync(spools)
          spooled = statSync(join(spools, folder, 'report')).size
        },
      })
      expect(spooled > 0).toBe(written)
      expect(pipe.chunks.join('')).toBe(whole('json'))
      expect(readdirSync(spools)).toEqual([])
    } finally {
      report = saved.report
      if (saved.tmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved.tmp
      rmSync(spools, { recursive: true, force: true })
    }
  })

  it('text without the subject names at the start (--changed-only): the column is sized at the end, the same bytes', async () => {
    const pipe = slowPipe()
    await print('text', pipe.out, { names: false })
    expect(pipe.chunks.join('')).toBe(whole('text'))
  })

  it('a temporary folder it cannot use: a usage error (exit 2) naming the folder and what to do, before anything is printed', async () => {
    const pipe = slowPipe()
    const saved = process.env.TMPDIR
    process.env.TMPDIR = join(tmpdir(), 'schemactl-printer-missing', 'nowhere')
    try {
      await expect(print('json', pipe.out, { atEnd: true })).rejects.toMatchObject({
        kind: 'usage',
        code: 'REPORT_SPOOL_FAILED',
        message: expect.stringContaining('schemactl-printer-missing'),
        hint: expect.stringContaining('TMPDIR'),
      })
      expect(pipe.chunks).toEqual([])
    } finally {
      if (saved === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = saved
    }
  })

  it('a reader that went away (EPIPE) ends the printing quietly, not the check', async () => {
    let writes = 0
    const out = new Writable({
      write(_chunk, _encoding, done) {
        writes++
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))
      },
    })
    const printer = new ReportPrinter({
      stream: (longestSubject) => checkReportStream('text', PLAIN_STYLE, { ...context, against: false, longestSubject }),
      needsNames: true,
      atEnd: false,
      json: false,
      out,
    })
    const { subjects, ...end } = report
    await printer.start({ workspace: report.workspace, problems: report.problems, longestSubject: Math.max(0, ...subjects.map((s) => s.subject.length)) })
    for (const subject of subjects) await printer.subject(subject)
    await expect(printer.finish(end, [])).resolves.toBeUndefined()
    expect(writes).toBe(1)
  })
})
