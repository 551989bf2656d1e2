import { Flags } from '@oclif/core'

/** The forms a read command can print its result in. */
export const OUTPUT_FORMATS = ['human', 'json', 'yaml'] as const

/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/**
 * `-o, --output human|json|yaml` of every read command: `json` is the `--json` envelope, `yaml` the
 * same envelope as YAML. BaseCommand reads it (see `outputFormat`) and prints the result.
 */
export const outputFlag = Flags.option({
  char: 'o',
  options: OUTPUT_FORMATS,
  default: 'human' as OutputFormat,
  helpValue: '<format>',
  description: 'Print the result as human text, or as the JSON or YAML envelope (json is the same as --json).',
})()

/**
 * The `--output` value in `argv` (`-o yaml`, `-oyaml`, `--output yaml`, `--output=yaml`, before any
 * `--`), or undefined. Read from the raw arguments because the envelope is chosen before and
 * without a successful parse (a usage error in `-o yaml` is printed as YAML too).
 */
export function outputFormatIn(argv: readonly string[]): OutputFormat | undefined {
  let found: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') break
    if (arg === '-o' || arg === '--output') found = argv[++i]
    else if (arg.startsWith('--output=')) found = arg.slice('--output='.length)
    else if (arg.startsWith('-o') && !arg.startsWith('--')) found = arg.slice(2).replace(/^=/, '')
  }
  return OUTPUT_FORMATS.find((f) => f === found)
}
