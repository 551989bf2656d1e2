import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Journal } from '../../../src/app/migrate/journal.js'

const dirs: string[] = []
function journalFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-journal-'))
  dirs.push(dir)
  return join(dir, 'journal.jsonl')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('Journal', () => {
  it('writes the modes at once, version lines within the turn of the event loop, and reads both back', async () => {
    const file = journalFile()
    const journal = Journal.open(file)
    journal.recordModes({ '': 'READWRITE' })
    expect(readFileSync(file, 'utf8')).toContain('"modes"')
    journal.recordVersion({ subject: 's', version: 1, oldId: 7, newId: 7, newVersion: 1 })
    journal.recordVersion({ subject: 's', version: 2, oldId: 8, newId: 8, newVersion: 2 })
    await new Promise((resolve) => setImmediate(resolve))
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(3)
    journal.recordVersion({ subject: 't', version: 1, oldId: 9, newId: 9, newVersion: 1 })
    journal.close()

    const again = Journal.open(file)
    expect(again.pendingModes).toEqual({ '': 'READWRITE' })
    expect([...again.completed.keys()]).toEqual(['s\u00001', 's\u00002', 't\u00001'])
    expect(again.finished).toBe(false)
    again.close()
  })

  it('ignores a torn last line left by a crash', () => {
    const file = journalFile()
    const journal = Journal.open(file)
    journal.recordVersion({ subject: 's', version: 1, oldId: 1, newId: 1, newVersion: 1 })
    journal.recordDone()
    journal.close()
    appendFileSync(file, '{"type":"vers')
    const again = Journal.open(file)
    expect(again.completed.size).toBe(1)
    expect(again.finished).toBe(true)
    again.close()
  })
})
