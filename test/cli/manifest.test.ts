import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'schemactl-manifest-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('oclif.manifest.json', () => {
  it('is what `oclif manifest` generates from the current sources (rebuild and commit it when this fails)', () => {
    // Compile the sources afresh into a scratch package so a stale dist/ cannot hide a stale manifest.
    execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json'), '--outDir', join(work, 'dist')], { stdio: 'pipe' })
    copyFileSync(join(root, 'package.json'), join(work, 'package.json'))
    symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'))
    // cwd matters: `oclif manifest` first deletes ./oclif.manifest.json of the current folder.
    execFileSync(join(root, 'node_modules/.bin/oclif'), ['manifest', '.'], { cwd: work, stdio: 'pipe', env: { ...process.env, OCLIF_SKIP_UPDATE_CHECK: '1' } })
    const fresh = JSON.parse(readFileSync(join(work, 'oclif.manifest.json'), 'utf8'))
    const committed = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
    expect(Object.keys(committed.commands)).toContain('check')
    expect(committed).toEqual(fresh)
  }, 120_000)
})
