import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// The repository stands alone: its code and docs cite files inside it (docs/architecture.md,
// docs/registry-api.md), and its tests assert behaviour, never how long something took.
const root = fileURLToPath(new URL('../', import.meta.url))

function filesUnder(dir: string, extensions: RegExp): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && extensions.test(e.name) && !join(e.parentPath, e.name).includes(`${join(root, 'bench', '.work')}`))
    .map((e) => join(e.parentPath, e.name))
}

/** Each line of `files` that matches `pattern`, as `path:line: text`. */
function linesMatching(files: string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
  )
}

const CODE = /\.(ts|tsx|mjs|js|md)$/
// Documents outside the repository: the design notes and the API reference the code was written from.
const OUTSIDE = new RegExp(['confluent-api', 'ARCHITECTURE\\.md', 'style-anchors', 'peer-tools', 'shared/design', 'shared/reference', '\u00a7'].join('|'))

describe('the repository stands alone', () => {
  it('no source, doc, benchmark or script cites a document outside the repository or ../shared', () => {
    const files = [
      ...filesUnder('src', CODE),
      ...filesUnder('docs', CODE),
      ...filesUnder('bench', CODE),
      ...filesUnder('scripts', CODE),
      join(root, 'README.md'),
    ]
    expect(files.length).toBeGreaterThan(100)
    expect(linesMatching(files, new RegExp(`${OUTSIDE.source}|\\.\\./shared`))).toEqual([])
  })

  it('tests cite no document outside the repository (they may read shared/conformance as data)', () => {
    const files = filesUnder('test', /\.(ts|tsx|mjs)$/).filter((file) => file !== fileURLToPath(import.meta.url))
    expect(linesMatching(files, OUTSIDE)).toEqual([])
  })

  it('no test measures wall time', () => {
    const files = filesUnder('test', /\.(ts|tsx|mjs)$/).filter((file) => file !== fileURLToPath(import.meta.url))
    expect(files.length).toBeGreaterThan(100)
    // A deadline to wait for something (test/helpers/pty-screen.ts) may read the clock; an expectation may not.
    expect(linesMatching(files, /\bperformance\.now\(|\bprocess\.hrtime\b|console\.time\(|expect\(.*\bDate\.now\(/)).toEqual([])
  })
})
