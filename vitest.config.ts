import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // check's verdict cache (src/app/check/cache.ts) goes to a scratch folder, not the user's cache, for every command a test runs.
    env: { SCHEMACTL_CACHE_DIR: join(tmpdir(), `schemactl-test-cache-${process.pid}`) },
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/report.json' }]] : ['default'],
  },
})
