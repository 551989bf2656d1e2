import { spawn, spawnSync } from 'node:child_process'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { readSchemaInput } from '../../src/app/input/schema.js'
import { UsageError } from '../../src/errors.js'
import { useTestRegistry } from '../helpers/registry-server.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// util-linux `script` runs a command on a pseudo-terminal: stdin and stderr are then terminals.
const hasScript = spawnSync('script', ['--version']).status === 0

/** Runs `bin/run.js …args` on a terminal, typing `typed` once the question is on screen; the exit code and all it printed. */
function onTerminal(args: string[], typed?: string): Promise<{ code: number; output: string }> {
  const command = [process.execPath, `${ROOT}bin/run.js`, ...args].map((a) => `'${a}'`).join(' ')
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } })
  let output = ''
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString()
    if (typed !== undefined && output.includes('[y/N]')) {
      child.stdin.write(typed)
      typed = undefined
    }
  })
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, output })))
}

const registry = useTestRegistry()
beforeAll(async () => {
  const response = await fetch(`${registry.url}/subjects/orders-value/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: '"string"' }),
  })
  expect(response.ok).toBe(true)
})

describe.skipIf(!hasScript)('on a terminal (the real binary on a pseudo-terminal)', () => {
  it('declining the delete confirmation says Aborted and exits 0; nothing is deleted', async () => {
    const run = await onTerminal(['delete', 'orders-value', '--registry', registry.url], 'n\r')
    expect(run.output).toContain('Soft-delete orders-value (every version)? [y/N]')
    expect(run.output).toContain('Aborted: nothing deleted.')
    expect(run.output).not.toContain('Error')
    expect(run.code).toBe(0)
    expect(await (await fetch(`${registry.url}/subjects/orders-value/versions`)).json()).toEqual([1])
  }, 30_000)

  it('`register -` with a terminal on stdin refuses at once (exit 2), as decode does', async () => {
    const run = await onTerminal(['register', '-', '--subject', 'orders-value', '--registry', registry.url])
    expect(run.code).toBe(2)
    expect(run.output).toContain('Error: No schema on stdin: `-` reads the schema from stdin, and stdin is a terminal')
    const decode = await onTerminal(['decode', '--registry', registry.url])
    expect(decode.code).toBe(2)
    expect(decode.output).toContain('Error: No input')
  }, 30_000)
})

describe('reading a schema from stdin', () => {
  it('refuses a terminal and reads a pipe', async () => {
    const terminal = Object.assign(new PassThrough(), { isTTY: true })
    await expect(readSchemaInput('-', { stdin: terminal })).rejects.toBeInstanceOf(UsageError)
    const pipe = new PassThrough()
    pipe.end('{"type": "string"}')
    expect(await readSchemaInput('-', { stdin: pipe })).toMatchObject({ file: '-', schema: '{"type":"string"}', schemaType: 'AVRO' })
  })
})
