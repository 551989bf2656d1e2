import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasScript, startOnPty } from '../helpers/pty-screen.js'
import { useTestRegistry } from '../helpers/registry-server.js'

// migrate's live view on a real pseudo-terminal 40 columns wide: the last frame fits, no word broken by the terminal's own wrapping.

const registry = useTestRegistry()

describe.skipIf(!hasScript)("migrate's live view on a 40-column terminal", () => {
  it('draws the finished run within 40 columns: phases, a full bar, subjects, figures', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemactl-migrate-pty-'))
    // A folder without an export file has no ids to keep: registered anew, the mapping and the journal in the temporary folder.
    const args = [
      'migrate',
      '--from',
      './schemas-example',
      '--to',
      registry.url,
      '--no-preserve-ids',
      '--id-map',
      join(dir, 'id-map.json'),
      '--journal',
      join(dir, 'journal.jsonl'),
    ]
    const pty = startOnPty(args, { columns: 40, rows: 60, env: { NO_COLOR: '1' } })
    const code = await pty.exited
    rmSync(dir, { recursive: true, force: true })
    expect(code).toBe(0)
    const rows = pty.text().split('\n')
    // The terminal wraps what is longer than a row: a frame line cut by it would leave a row that does not start a line of the view.
    expect(rows).toContain('read › plan › copy › settings › [verify]')
    expect(rows).toContainEqual(expect.stringMatching(/^█{20} 100% 20\/20 versions$/))
    expect(rows).toContainEqual(expect.stringMatching(/^\d+\/\d+ subjects( · \S+)?$/))
    expect(rows).toContainEqual(expect.stringMatching(/^[\d.]+ versions\/s · ETA 0 s · \d+ retr(y|ies)$/))
    expect(rows).toContain('0 errors')
    expect(pty.text()).toContain('Migrated: ')
  }, 60_000)
})
