import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'

// `npm install` warns (EBADENGINE) for every installed package whose `engines.node` excludes the
// running Node. package-lock.json records each package's engines: checked here without installing.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean
  minVersion(range: string): { version: string } | null
}
const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'))
const pkg = read('package.json') as { engines: { node: string } }
const lock = read('package-lock.json') as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }> }

/** The packages of the lock whose engines.node excludes `version` (optional: dev packages only, or production ones). */
function refusing(version: string, which: 'production' | 'all'): string[] {
  return Object.entries(lock.packages)
    .filter(([path, entry]) => path !== '' && (which === 'all' || entry.dev !== true))
    .filter(([, entry]) => !Array.isArray(entry.engines) && entry.engines?.node !== undefined && !semver.satisfies(version, entry.engines.node))
    .map(([path, entry]) => `${path} (node ${(entry.engines as { node: string }).node})`)
}

describe('engines', () => {
  it("every production dependency runs on the oldest Node that schemactl's engines admit", () => {
    const oldest = semver.minVersion(pkg.engines.node)?.version
    expect(oldest).toBe('20.18.1')
    expect(refusing(oldest!, 'production')).toEqual([])
  })

  it('every dependency, development ones included, runs on Node 20.19 (README: Development)', () => {
    expect(refusing('20.19.0', 'all')).toEqual([])
    expect(refusing(process.version, 'all')).toEqual([])
  })
})
