/**
 * The CLI's runtime entry (`bin/run.js` imports it from `dist/cli/run.js`). `scripts/build.mjs`
 * bundles it with every command so that the binary and the command it runs share one copy of
 * `@oclif/core`, loaded as one file instead of its ~180-file CommonJS tree. An unknown command is
 * answered by src/cli/hooks/command-not-found.ts.
 */
export { execute } from '@oclif/core'
