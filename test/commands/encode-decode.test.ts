import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Decode from '../../src/commands/decode.js'
import Encode from '../../src/commands/encode.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

const reg = useTestRegistry()
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-codec-cmd-'))
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
})

const v1 = {
  type: 'record',
  name: 'Click',
  namespace: 'web',
  fields: [
    { name: 'url', type: 'string' },
    { name: 'ms', type: 'long' },
  ],
}
const v2 = { ...v1, fields: [...v1.fields, { name: 'ref', type: ['null', 'string'], default: null }] }

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

/** Runs the built binary (dist/: `npm run build` first) with `stdin` piped in; async, so the in-process registry can answer. */
function runBinary(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  child.stdin.end(stdin)
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })))
}

function file(name: string, content: string): string {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

describe('schemactl encode and decode', () => {
  it('encodes JSON lines with a registered schema and decodes them back (exit 0)', async () => {
    const schema = file('click.avsc', JSON.stringify(v1))
    const records = file('clicks.jsonl', '{"url": "/a", "ms": 5}\n{"url": "/b", "ms": 9007199254740991}\n')
    const encoded = await runCommand(Encode, [
      records,
      '--topic',
      'clicks',
      '--schema',
      schema,
      '--register',
      '--registry',
      reg.url,
      '-o',
      join(dir, 'clicks.hex'),
    ])
    expect(encoded.code).toBe(0)
    expect(readFileSync(join(dir, 'clicks.hex'), 'utf8').trim().split('\n')).toHaveLength(2)
    const decoded = await runCommand(Decode, [join(dir, 'clicks.hex'), '--registry', reg.url])
    expect(decoded).toMatchObject({ code: 0, stdout: '{"url":"/a","ms":5}\n{"url":"/b","ms":9007199254740991}\n' })
  })

  it('decodes old data with the newest version (--reader-subject) and reports bad messages (exit 1)', async () => {
    const messages = (
      await runCommand(Encode, [file('one.jsonl', '{"url": "/c", "ms": 1}'), '--subject', 'clicks-value', '--output-format', 'base64', '--registry', reg.url])
    ).stdout
    await runCommand(Encode, [
      file('none.jsonl', ''),
      '--subject',
      'clicks-value',
      '--schema',
      file('click2.avsc', JSON.stringify(v2)),
      '--register',
      '--registry',
      reg.url,
    ])
    const input = file('mixed.b64', `${messages}eyJ1cmwiOiAiL2QifQ==\n${messages}`)
    const run = await runCommand(Decode, [input, '--input-format', 'base64', '--reader-subject', 'clicks-value@latest', '--registry', reg.url])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('{"url":"/c","ms":1,"ref":null}\n'.repeat(2))
    expect(run.stderr).toContain('message 2 (line 2): wrong magic byte 0x7b (expected 0x00): not a Confluent-framed message [WRONG_MAGIC_BYTE]\n')
    expect(run.stderr).toContain('decoded 2 of 3 messages with reader schema clicks-value@2 (id 2), 1 failed')
  })

  it('prints message lines on stdout and the envelope as one line on stderr with --json', async () => {
    const messages = (
      await runCommand(Encode, [file('two.jsonl', '{"url": "/e", "ms": 2}'), '--subject', 'clicks-value', '--version', '1', '--registry', reg.url])
    ).stdout
    const run = await runCommand(Decode, [file('two.hex', `${messages}00ff\n`), '--registry', reg.url, '--json'])
    const [first, second, ...rest] = run.stdout.split('\n')
    expect(JSON.parse(first)).toEqual({ message: 1, schemaId: 1, value: { url: '/e', ms: 2 } })
    expect(JSON.parse(second)).toEqual({
      message: 2,
      error: { code: 'TRUNCATED_HEADER', message: 'truncated header: 2 bytes, the magic byte and schema id need 5' },
    })
    expect(rest).toEqual([''])
    expect(
      run.stderr
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l)),
    ).toEqual([expect.objectContaining({ status: 1, result: expect.objectContaining({ messages: 2, decoded: 1, failed: 1 }) })])
    const encoded = await runCommand(Encode, [
      file('three.jsonl', '{"url": "/f", "ms": 3}'),
      '--subject',
      'clicks-value',
      '--version',
      '1',
      '--registry',
      reg.url,
      '--json',
    ])
    expect(encoded.stdout).toMatch(/^[0-9a-f]+\n$/)
    expect(JSON.parse(encoded.stderr.trim())).toMatchObject({ status: 0, result: { records: 1 } })
  })

  it('stops at a record that does not fit with its number and field (exit 5)', async () => {
    const run = await runCommand(Encode, [
      file('bad.jsonl', '{"url": "/a", "ms": 1}\n{"url": 3, "ms": 1}\n'),
      '--subject',
      'clicks-value',
      '--version',
      '1',
      '--registry',
      reg.url,
    ])
    expect(run.code).toBe(5)
    expect(run.stderr).toContain(`Error: record 2 (line 2 of ${join(dir, 'bad.jsonl')}): field url: expected string, got 3`)
  })

  it('refuses JSON nested 100,000 deep (exit 5, naming record and field) and a lone surrogate (exit 5), where it overflowed the stack (exit 10) and wrote invalid UTF-8', async () => {
    const node = file(
      'node.avsc',
      JSON.stringify({ type: 'record', name: 'Node', namespace: 'web', fields: [{ name: 'next', type: ['null', 'Node'], default: null }] }),
    )
    const deep = file('deep.jsonl', '{"next":'.repeat(100_000) + 'null' + '}'.repeat(100_000) + '\n')
    const nested = await runCommand(Encode, [deep, '--subject', 'node-value', '--schema', node, '--register', '--registry', reg.url, '--json'])
    expect(nested.code).toBe(5)
    const envelope = JSON.parse(nested.stdout.split('\n').find((l) => l.startsWith('{')) ?? nested.stderr.split('\n').find((l) => l.startsWith('{')) ?? '')
    expect(envelope.error).toMatchObject({
      code: 'RECORD_INVALID',
      message: expect.stringMatching(/^record 1 \(line 1 of .*deep\.jsonl\): field next\.next\..*…(\.next)+: nested more than 1000 levels deep/),
    })
    expect(envelope.error.message.length).toBeLessThan(400)
    const lone = await runCommand(Encode, [
      file('lone.jsonl', '{"url": "/ok", "ms": 1}\n{"url": "/\\ud800", "ms": 2}\n'),
      '--subject',
      'clicks-value',
      '--version',
      '1',
      '--registry',
      reg.url,
    ])
    expect(lone.code).toBe(5)
    expect(lone.stderr).toContain('record 2 (line 2 of')
    expect(lone.stderr).toContain('field url: a string holding a lone surrogate (\\ud800 at character 1) is not Unicode text and cannot be written as UTF-8')
  })

  it('refuses a long varint past 10 bytes (Invalid long encoding, exit 1) however many 0xff bytes follow', async () => {
    const id = (
      await runCommand(Encode, [
        file('long.jsonl', '5\n'),
        '--subject',
        'long-value',
        '--schema',
        file('long.avsc', '"long"'),
        '--register',
        '--registry',
        reg.url,
        '--output-format',
        'hex',
      ])
    ).stdout.slice(2, 10)
    const message = Buffer.concat([Buffer.from([0]), Buffer.from(id, 'hex'), Buffer.alloc(200_000, 0xff)])
    const run = await runCommand(
      Decode,
      [file('long.bin', ''), '--input-format', 'binary', '--registry', reg.url].map((a) => (a.endsWith('long.bin') ? (writeFileSync(a, message), a) : a)),
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('invalid datum for the schema: Invalid long encoding: the varint at byte 5 goes on past 10 bytes [INVALID_DATUM]')
  })

  it('refuses two reader schemas (exit 2)', async () => {
    const run = await runCommand(Decode, ['x.hex', '--reader-schema', 'a.avsc', '--reader-subject', 's@1', '--registry', reg.url])
    expect(run.code).toBe(2)
  })

  it('prints a flag conflict as one line with its reason, also in --json (exit 2)', async () => {
    const run = await runCommand(Encode, [file('c.jsonl', ''), '--schema-id', '1', '--version', '1', '--registry', reg.url])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^Error: --version=1 cannot also be provided when using --schema-id$/m)
    const json = await runCommand(Encode, [file('c.jsonl', ''), '--schema-id', '1', '--version', '1', '--registry', reg.url, '--json'])
    const envelope = json.stderr.split('\n').find((l) => l.startsWith('{'))
    expect(JSON.parse(envelope ?? '')).toMatchObject({
      status: 2,
      error: { code: 'USAGE', message: '--version=1 cannot also be provided when using --schema-id' },
    })
  })

  it('--register takes the lookup-first path of register: a READONLY subject encodes an existing schema; an incompatible one is a finding (exit 1)', async () => {
    const schema = file('ro.avsc', JSON.stringify(v1))
    const records = file('ro.jsonl', '{"url": "/r", "ms": 4}\n')
    expect((await runCommand(Encode, [records, '--subject', 'ro-value', '--schema', schema, '--register', '--registry', reg.url])).code).toBe(0)
    await fetch(`${reg.url}/mode/ro-value`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'READONLY' }) })
    const again = await runCommand(Encode, [records, '--subject', 'ro-value', '--schema', schema, '--register', '--registry', reg.url])
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/^00[0-9a-f]+\n$/) })
    const incompatible = file('ro-bad.avsc', JSON.stringify({ ...v1, fields: [{ name: 'url', type: 'int' }] }))
    await runCommand(Encode, [records, '--subject', 'strict-value', '--schema', schema, '--register', '--registry', reg.url])
    const refused = await runCommand(Encode, [records, '--subject', 'strict-value', '--schema', incompatible, '--register', '--registry', reg.url, '--json'])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toBe('')
    const envelope = JSON.parse(refused.stderr.split('\n').find((l) => l.startsWith('{')) ?? '')
    expect(envelope).toMatchObject({
      status: 1,
      result: { records: 0, incompatible: { subject: 'strict-value', messages: expect.arrayContaining([expect.stringMatching(/TYPE_MISMATCH/)]) } },
    })
  })

  it('reads records and messages piped on stdin through the binary', async () => {
    const encoded = await runBinary(['encode', '--subject', 'clicks-value', '--version', '1', '--registry', reg.url], '{"url": "/p", "ms": 3}\n')
    expect(encoded).toMatchObject({ code: 0, stderr: '' })
    const decoded = await runBinary(['decode', '--registry', reg.url], encoded.stdout)
    expect(decoded).toMatchObject({ code: 0, stdout: '{"url":"/p","ms":3}\n' })
  }, 30_000)
})
