import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

let registry: TestRegistry
let dir: string
const record = (name: string, extra = false) => ({
  type: 'record',
  name,
  fields: [{ name: 'id', type: 'string' }, ...(extra ? [{ name: 'note', type: ['null', 'string'], default: null }] : [])],
})

beforeAll(async () => {
  registry = await startTestRegistry()
  dir = mkdtempSync(join(tmpdir(), 'schemactl-check-progress-'))
  for (const name of ['A', 'B', 'C']) {
    const res = await fetch(`${registry.url}/subjects/${name.toLowerCase()}-value/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ schema: JSON.stringify(record(name)) }),
    })
    expect(res.status).toBe(200)
    writeFileSync(join(dir, `${name.toLowerCase()}-value.avsc`), JSON.stringify(record(name, true)))
  }
})

afterAll(async () => {
  await registry.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('check --against registry on a terminal', () => {
  it('shows how much of the registry it has read on stderr, in the text format only', async () => {
    const args = [dir, '--against', 'registry', '--registry', registry.url]
    const tty = await runCommand(Check, args, { SCHEMACTL_PROGRESS: 'tty' })
    expect(tty.code).toBe(0)
    expect(tty.stderr).toContain('reading the registry: 1/3 subjects')
    expect(tty.stderr.endsWith('\r\x1b[2K')).toBe(true)
    const piped = await runCommand(Check, args, { SCHEMACTL_PROGRESS: undefined })
    expect(piped.stderr).toBe('')
    expect(piped.stdout).toBe(tty.stdout)
    for (const format of ['github', 'json', 'junit', 'sarif']) {
      const ci = await runCommand(Check, [...args, '--format', format], { SCHEMACTL_PROGRESS: 'tty' })
      expect(ci.code).toBe(0)
      expect(ci.stderr).toBe('')
    }
  })
})
