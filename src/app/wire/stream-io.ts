/**
 * Streaming input and output for encode/decode: input read in chunks (never whole), output
 * gathered into large writes that wait for the stream to drain.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { InputError, UsageError } from '../../errors.js'

/** The standard streams a streaming use-case reads and writes (the command passes process's). */
export interface StreamIo {
  stdin: Readable
  stdout: Writable
}

/**
 * The input `file` (or `stdin` for undefined or `-`) as a readable stream; InputError when it
 * cannot be opened, UsageError when it would be a terminal (nothing piped: waiting would hang).
 */
export async function openInput(file: string | undefined, io: StreamIo): Promise<Readable> {
  if (file === undefined || file === '-') {
    if ((io.stdin as { isTTY?: boolean }).isTTY) throw new UsageError('No input: give a file, or pipe the input on stdin', { code: 'INPUT_REQUIRED' })
    return io.stdin
  }
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new InputError(`Cannot read ${file}: ${err.code ?? err.message}`, { code: 'INPUT_UNREADABLE', hint: 'Check the path, or pipe the input on stdin.' }),
      ),
    )
  })
  return stream
}

/**
 * Reads `stream` as byte chunks that each end at a line end (`\n`; a last line without one comes
 * alone at the end), so lines can be read in place without making strings of them.
 */
export async function* readLineChunks(stream: Readable): AsyncGenerator<Buffer> {
  // The chunks of a line not yet ended, joined once when it ends: joining them chunk by chunk
  // would copy a long line over and over (quadratic in its length).
  let pending: Buffer[] = []
  for await (const read of stream as AsyncIterable<Buffer | string>) {
    const chunk = typeof read === 'string' ? Buffer.from(read, 'latin1') : read
    const lastNewline = chunk.lastIndexOf(10)
    if (lastNewline < 0) {
      pending.push(chunk)
      continue
    }
    const head = chunk.subarray(0, lastNewline + 1)
    yield pending.length === 0 ? head : Buffer.concat([...pending, head])
    pending = lastNewline + 1 < chunk.length ? [chunk.subarray(lastNewline + 1)] : []
  }
  const rest = pending.length === 1 ? pending[0] : Buffer.concat(pending)
  if (rest.length > 0) yield rest
}

/** Reads a whole (small) stream into one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks)
}

/**
 * Buffers writes into ~64 KiB batches, honouring backpressure. When the reader goes away (a
 * closed pipe: `decode | head`), `closed` turns true and later writes are dropped, so the caller
 * can stop; other write errors are rethrown by `flush`.
 */
export class BufferedWriter {
  private parts: (string | Buffer)[] = []
  private size = 0
  private failure: NodeJS.ErrnoException | undefined

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= err
    })
  }

  /** Whether the output can take no more (its reader went away or it failed). */
  get closed(): boolean {
    return this.failure !== undefined || this.out.destroyed
  }

  /** Queues `data`; returns a promise (that never rejects) only when a batch has to wait for the stream to drain. */
  write(data: string | Buffer): Promise<void> | undefined {
    this.parts.push(data)
    this.size += data.length
    return this.size >= 65536 ? this.send() : undefined
  }

  /** Writes what is queued and waits for the stream to accept more; throws a write error other than a closed pipe. */
  async flush(): Promise<void> {
    await this.send()
    if (this.failure !== undefined && this.failure.code !== 'EPIPE') {
      throw new InputError(`Cannot write the output: ${this.failure.code ?? this.failure.message}`, { code: 'OUTPUT_UNWRITABLE' })
    }
  }

  private async send(): Promise<void> {
    const parts = this.parts
    this.parts = []
    this.size = 0
    if (parts.length === 0 || this.closed) return
    const batch = parts.every((p) => typeof p === 'string') ? parts.join('') : Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
    if (this.out.write(batch)) return
    // Also stop waiting when the reader went away (a closed pipe never drains).
    await new Promise<void>((resolve) => {
      const done = () => {
        this.out.off('drain', done).off('close', done).off('error', done)
        resolve()
      }
      this.out.once('drain', done).once('close', done).once('error', done)
    })
  }
}

/** The output `file` as a write stream (created or truncated), or `io.stdout` when undefined or `-`. */
export function openOutput(file: string | undefined, io: StreamIo): Writable {
  return file === undefined || file === '-' ? io.stdout : createWriteStream(file)
}

/** Ends a stream opened by `openOutput` (not stdout) and waits until it is written. */
export async function closeOutput(out: Writable, io: StreamIo): Promise<void> {
  if (out === io.stdout) return
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject)
    out.end(() => resolve())
  })
}
