import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, unlinkSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CheckFinding, CheckReportEnd, CheckReportSink, CheckReportStart, CheckReportStream, SubjectReport } from '../app/check/report.js'
import { redact, redactValue } from '../config/redact.js'
import { UsageError } from '../errors.js'
import { writeOut } from './write-out.js'

/** How a `ReportPrinter` prints. */
export interface ReportPrinterOptions {
  /** The format's stream, made once the longest subject name is known (text sizes its column by it). */
  stream: (longestSubject: number) => CheckReportStream
  /** The format sizes a column by the subject names (text): without their longest length at the start, subjects wait in the spool as data. */
  needsNames: boolean
  /** Nothing is printed before the check is over (a registry baseline: a registry that fails halfway must leave no partial report). */
  atEnd: boolean
  /** The format is the JSON envelope: values are redacted before rendering, not the text after. */
  json: boolean
  /** Applied to every finding and subject before it is rendered (e.g. their paths made relative to the repository). */
  paths?: { finding(f: CheckFinding): CheckFinding; subject(s: SubjectReport): SubjectReport }
  out?: NodeJS.WritableStream
}

/** Bytes gathered before a write to stdout or the spool: one write per subject would cost a system call apiece. */
const CHUNK = 64 * 1024

/**
 * Prints a check report while the check runs (a `CheckReportSink`): each subject is rendered and
 * written as soon as it is handed over, then dropped, so memory does not grow with the report.
 * When the head needs the end of the report (JSON's status, JUnit's counts), or nothing may be
 * printed before the end (`atEnd`), the subjects' text goes to a spool file in the temporary
 * folder instead and is copied out after the head once the check is over; `discard` removes it
 * when the check fails, so a failure prints no partial report. Writes to stdout wait while the
 * pipe is full; a reader that went away (EPIPE) ends the printing, not the check (its exit code
 * still says whether the gate passed). Everything printed is redacted.
 */
export class ReportPrinter implements CheckReportSink {
  private readonly out: NodeJS.WritableStream
  private stream?: CheckReportStream
  private spool?: Spool
  private pending = ''
  private closed = false
  private longest = 0
  private deferred = false

  constructor(private readonly options: ReportPrinterOptions) {
    this.out = options.out ?? process.stdout
    // Without a listener an EPIPE would end the process with a stack trace.
    this.out.on('error', () => (this.closed = true))
  }

  async start(start: CheckReportStart): Promise<void> {
    const head = this.withPaths(start)
    this.deferred = this.options.needsNames && head.longestSubject === undefined
    if (!this.deferred) {
      this.longest = head.longestSubject ?? 0
      this.stream = this.options.stream(this.longest)
    }
    if (this.deferred || this.options.atEnd || (this.stream as CheckReportStream).headAtEnd) this.spool = new Spool()
    else await this.write(this.text((this.stream as CheckReportStream).head(this.value(head), [])))
  }

  async subject(report: SubjectReport): Promise<void> {
    const subject = this.value(this.options.paths ? this.options.paths.subject(report) : report)
    if (this.deferred) {
      this.longest = Math.max(this.longest, subject.subject.length)
      // JSON text holds no raw newline: one subject a line.
      this.spool?.write(JSON.stringify(subject) + '\n')
      return
    }
    const text = this.text((this.stream as CheckReportStream).subject(subject))
    if (this.spool !== undefined) this.spool.write(text)
    else await this.write(text)
  }

  /** Prints the rest once the check is over: with a spool, the head, the spooled subjects, then the tail. */
  async finish(end: CheckReportEnd, warnings: readonly string[]): Promise<void> {
    const report = this.value(this.withPaths(end))
    const spool = this.spool
    try {
      if (spool !== undefined) {
        spool.close()
        if (this.deferred) {
          // The subjects wait as data: the column's width is known only now.
          const stream = this.options.stream(this.longest)
          await this.write(this.text(stream.head(report, warnings)))
          for (const line of spool.lines()) await this.write(this.text(stream.subject(JSON.parse(line) as SubjectReport)))
          this.stream = stream
        } else {
          await this.write(this.text((this.stream as CheckReportStream).head(report, warnings)))
          for (const chunk of spool.chunks()) await this.write(chunk)
        }
      }
      await this.write(this.text((this.stream as CheckReportStream).tail(report, warnings)))
      await this.flush()
    } finally {
      this.discard()
    }
  }

  /** Removes the spool, if any: the check failed, and nothing of its report is printed. */
  discard(): void {
    this.spool?.remove()
    this.spool = undefined
  }

  private withPaths<T extends { problems: CheckFinding[] }>(report: T): T {
    const paths = this.options.paths
    return paths ? { ...report, problems: report.problems.map((f) => paths.finding(f)) } : report
  }

  private value<T>(value: T): T {
    return this.options.json ? redactValue(value) : value
  }

  private text(text: string): string {
    return this.options.json ? text : redact(text)
  }

  private async write(text: string): Promise<void> {
    this.pending += text
    if (this.pending.length >= CHUNK || (this.out as NodeJS.WriteStream).isTTY === true) await this.flush()
  }

  private async flush(): Promise<void> {
    const text = this.pending
    this.pending = ''
    if (text !== '' && !this.closed) await writeOut(text, this.out)
  }
}

/** A temporary file the report's subjects wait in: written in large chunks (a report smaller than one stays in memory), read back in order, removed after. */
class Spool {
  private readonly folder: string
  private readonly file: string
  private fd: number | undefined
  private buffered: string[] = []
  private size = 0
  /** Whether anything went to the file: a report that never filled the buffer is read back from memory. */
  private spilled = false

  constructor() {
    this.folder = tryIo(() => mkdtempSync(join(tmpdir(), 'schemactl-report-')))
    this.file = join(this.folder, 'report')
    this.fd = tryIo(() => openSync(this.file, 'w+', 0o600))
  }

  write(text: string): void {
    this.buffered.push(text)
    this.size += text.length
    if (this.size >= CHUNK * 16) this.drain()
  }

  close(): void {
    if (this.spilled) this.drain()
  }

  /** The spooled text, in chunks of about a megabyte. */
  *chunks(): Generator<string> {
    if (!this.spilled) {
      // Smaller than one write to the file: never written, nothing to read back.
      if (this.size > 0) yield this.buffered.join('')
      return
    }
    const buffer = Buffer.alloc(CHUNK * 16)
    let position = 0
    let rest = Buffer.alloc(0)
    for (;;) {
      const read = tryIo(() => readSync(this.fd as number, buffer, 0, buffer.length, position))
      if (read === 0) break
      position += read
      // A chunk must not end inside a character: the incomplete bytes wait for the next read.
      const bytes = Buffer.concat([rest, buffer.subarray(0, read)])
      const cut = completeLength(bytes)
      rest = Buffer.from(bytes.subarray(cut))
      yield bytes.toString('utf8', 0, cut)
    }
    if (rest.length > 0) yield rest.toString('utf8')
  }

  /** The spooled text's lines (without their newline). */
  *lines(): Generator<string> {
    let partial = ''
    for (const chunk of this.chunks()) {
      const lines = (partial + chunk).split('\n')
      partial = lines.pop() as string
      yield* lines
    }
    if (partial !== '') yield partial
  }

  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd)
    this.fd = undefined
    this.buffered = []
    // The folder holds the one file: two calls instead of a recursive removal (whose code, loaded on first use, costs more than both).
    try {
      unlinkSync(this.file)
      rmdirSync(this.folder)
    } catch {
      rmSync(this.folder, { recursive: true, force: true })
    }
  }

  private drain(): void {
    if (this.buffered.length === 0) return
    const bytes = Buffer.from(this.buffered.join(''))
    this.buffered = []
    this.size = 0
    this.spilled = true
    // A nearly full disk can take part of a write: the rest is written again until it fails outright.
    for (let done = 0; done < bytes.length;) {
      const written = tryIo(() => writeSync(this.fd as number, bytes, done))
      if (written === 0) tryIo(() => raise('ENOSPC'))
      done += written
    }
  }
}

/** The length of `bytes` without a UTF-8 character cut at its end. */
function completeLength(bytes: Buffer): number {
  let i = bytes.length
  // Back over continuation bytes (10xxxxxx) to the lead byte of the last character, at most 3.
  let back = 0
  while (i > 0 && back < 4 && (bytes[i - 1] & 0xc0) === 0x80) {
    i--
    back++
  }
  if (i === 0) return bytes.length
  const lead = bytes[i - 1]
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1
  return size === back + 1 ? bytes.length : i - 1
}

function raise(code: string): never {
  throw Object.assign(new Error(code), { code })
}

function tryIo<T>(io: () => T): T {
  try {
    return io()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err)
    // Like a data folder with no room for `serve`: the machine's, not the schemas' (exit 2).
    throw new UsageError(`cannot keep the report in a temporary file in ${tmpdir()} until the check is over (${code})`, {
      code: 'REPORT_SPOOL_FAILED',
      hint: 'Free some space there, or point TMPDIR at a folder with room.',
      cause: err,
    })
  }
}
