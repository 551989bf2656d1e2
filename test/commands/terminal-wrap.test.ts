import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasScript, startOnPty } from '../helpers/pty-screen.js'
import { useTestRegistry } from '../helpers/registry-server.js'

// On a terminal, check's findings and the registry's verdicts wrap to its width between words (src/output/wrap.ts).

const registry = useTestRegistry()
let dir: string

const v1 = { type: 'record', name: 'User', namespace: 'com.example.accounts.customers', fields: [{ name: 'id', type: 'string' }] }
const v2 = { ...v1, fields: [...v1.fields, { name: 'preferredCommunicationLanguage', type: 'string' }] }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'schemactl-wrap-'))
  mkdirSync(join(dir, 'ws', 'customer-accounts-value'), { recursive: true })
  writeFileSync(join(dir, 'ws', 'customer-accounts-value', '1.avsc'), JSON.stringify(v1, null, 2))
  writeFileSync(join(dir, 'ws', 'customer-accounts-value', '2.avsc'), JSON.stringify(v2, null, 2))
  const response = await fetch(`${registry.url}/subjects/customer-accounts-value/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(v1) }),
  })
  expect(response.ok).toBe(true)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** What the program wrote, as lines, without colour codes. */
async function printed(args: string[], columns: number): Promise<{ code: number; lines: string[] }> {
  const pty = startOnPty(args, { columns, rows: 50, env: { NO_COLOR: '1' } })
  const code = await pty.exited
  return {
    code,
    lines: pty
      .output()
      .replace(/\u001b\[[0-9;?]*[a-zA-Z]/g, '')
      .split(/\r?\n/),
  }
}

/** Every line fits `columns`, unless it is one word that cannot be broken. */
function expectWrapped(lines: string[], columns: number): void {
  for (const line of lines) if (line.length > columns) expect(line.trim(), line).not.toContain(' ')
}

describe.skipIf(!hasScript)('wrapping to the terminal (the real binary on a pseudo-terminal)', () => {
  it('check: a finding wraps to 60 columns, continuation lines indented under it, no word broken', async () => {
    const { code, lines } = await printed(['check', join(dir, 'ws')], 60)
    expect(code).toBe(1)
    expectWrapped(lines, 60)
    const at = lines.findIndex((l) => l.includes('customer-accounts-value/2.avsc:'))
    expect(lines[at]).toMatch(/^ {4}\S/)
    expect(lines[at + 1]).toMatch(/^ {8}\S/)
    expect(lines.join(' ')).toMatch(/The\s+field\s+'preferredCommunicationLanguage'\s+in\s+the\s+new\s+schema\s+has\s+no\s+default\s+value/)
  }, 30_000)

  it('check-compat: the verdict wraps the same way at 50 columns', async () => {
    const file = join(dir, 'ws', 'customer-accounts-value', '2.avsc')
    const { code, lines } = await printed(['check-compat', 'customer-accounts-value', file, '--registry', registry.url], 50)
    expect(code).toBe(1)
    expectWrapped(lines, 50)
    expect(lines.some((l) => /^ {2}\S+2\.avsc:\d+:\d+$|^ {2}\S+2\.avsc:\d+:\d+ /.test(l))).toBe(true)
    expect(lines.join(' ')).not.toContain('errorType')
  }, 30_000)
})
