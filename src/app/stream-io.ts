/**
 * Streaming input and output for encode/decode: input read in chunks (never whole), output
 * gathered into large writes that wait for the stream to drain.
 */
import { createReadStream } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { InputError } from '../errors.js'

/** The standard streams a streaming use-case reads and writes (the command passes process's). */
export interface StreamIo {
  stdin: Readable
  stdout: Writable
}

/** The input `file` (or `stdin` for undefined or `-`) as a readable stream; InputError when it cannot be opened. */
export async function openInput(file: string | undefined, io: StreamIo): Promise<Readable> {
  if (file === undefined || file === '-') return io.stdin
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 })
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve())
    stream.once('error', (err: NodeJS.ErrnoException) =>
      reject(new InputError(`Cannot read ${file}: ${err.code ?? err.message}`, { code: 'INPUT_UNREADABLE', hint: 'Check the path, or pipe the input on stdin.' })),
    )
  })
  return stream
}

/** Reads `stream` line by line (without `\n`, a trailing `\r` kept), as latin1 text: hex and base64 are ASCII. */
export async function* readLines(stream: Readable): AsyncGenerator<string[]> {
  stream.setEncoding('latin1')
  let pending = ''
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop()!
    yield lines
  }
  if (pending !== '') yield [pending]
}

/** Reads a whole (small) stream into one buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks)
}

/** Buffers writes into ~64 KiB batches, honouring backpressure. */
export class BufferedWriter {
  private parts: (string | Buffer)[] = []
  private size = 0

  constructor(private readonly out: Writable) {}

  /** Queues `data`; resolves at once unless a batch had to wait for the stream to drain. */
  write(data: string | Buffer): Promise<void> | undefined {
    this.parts.push(data)
    this.size += data.length
    return this.size >= 65536 ? this.flush() : undefined
  }

  /** Writes what is queued and waits for the stream to accept more. */
  async flush(): Promise<void> {
    if (this.parts.length === 0) return
    const batch = this.parts.every((p) => typeof p === 'string') ? this.parts.join('') : Buffer.concat(this.parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)))
    this.parts = []
    this.size = 0
    if (!this.out.write(batch)) await new Promise<void>((resolve) => this.out.once('drain', resolve))
  }
}
