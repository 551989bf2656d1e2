/**
 * The CLI's runtime entry (`bin/run.js` imports it from `dist/cli/run.js`). `scripts/build.mjs`
 * bundles it with every command so that the binary and the command it runs share one copy of
 * `@oclif/core`, loaded as one file instead of its ~180-file CommonJS tree.
 */
import { Errors, execute as executeOclif, flush, handle, run } from '@oclif/core'
import { ExitCode } from './exit-codes.js'

/**
 * Runs the command in `process.argv` as oclif's `execute` does; with `--json`, an unknown command
 * answers with the JSON error envelope (exit 2) like any command's failure, not oclif's text.
 */
export async function execute(options: { dir: string }): Promise<unknown> {
  const argv = process.argv.slice(2)
  if (!argv.includes('--json')) return executeOclif(options)
  try {
    const result = await run(argv, options.dir)
    flush()
    return result
  } catch (error) {
    const unknown = error instanceof Errors.CLIError ? /^command (\S+) not found$/.exec(error.message) : null
    if (unknown === null) return handle(error as Error)
    const envelope = { status: ExitCode.usage, error: { code: 'COMMAND_NOT_FOUND', message: `'${unknown[1]}' is not a schemactl command`, hint: 'Run schemactl --help for the list of commands.' }, warnings: [] }
    process.stdout.write(JSON.stringify(envelope, null, 2) + '\n')
    process.exitCode = ExitCode.usage
    return undefined
  }
}
