import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

// `serve` without --data or --memory: a durable registry in the user data folder, named at start.
// Through the real binary (needs a build: npm run build).
const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const home = mkdtempSync(join(tmpdir(), 'schemactl-serve-home-'))
afterAll(() => rmSync(home, { recursive: true, force: true }))

/** Starts serve with `env`, returns its first stdout line, and stops it. */
async function firstLine(env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise((resolve) => child.once('exit', resolve))
  while (!out.includes('\n') && child.exitCode === null) await new Promise((r) => setTimeout(r, 20))
  child.kill('SIGTERM')
  await exited
  return out.split('\n')[0]
}

describe('serve with neither --data nor --memory', () => {
  it('keeps its data under $XDG_DATA_HOME/schemactl/registry and says so', async () => {
    const xdg = join(home, 'xdg')
    const line = await firstLine({ PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: xdg })
    const dir = join(xdg, 'schemactl', 'registry')
    expect(line).toMatch(
      new RegExp(`^schemactl registry listening on http://127\\.0\\.0\\.1:\\d+ \\(data in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)$`),
    )
    expect(existsSync(join(dir, 'changelog.jsonl'))).toBe(true)
  })

  it('falls back to ~/.local/share/schemactl/registry', async () => {
    const line = await firstLine({ PATH: process.env.PATH, HOME: home })
    expect(line).toContain(`(data in ${join(home, '.local', 'share', 'schemactl', 'registry')})`)
  })
})
