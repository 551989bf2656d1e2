import { Args, Flags } from '@oclif/core'
import { diffSchemaSides, type DiffReport } from '../app/diff/diff.js'
import { parsePolicy } from '../app/diff/format.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { registryFlags } from '../cli/registry-flags.js'
import { parseSchemaType } from '../app/input/schema.js'
import type { DiffLevel } from '../engine/diff/index.js'
import { UsageError } from '../errors.js'
import { renderDiffText } from '../output/diff-text.js'

const DIFF_LEVELS: readonly DiffLevel[] = ['BACKWARD', 'FORWARD', 'FULL']

/** A diff level in any letter case; anything else is a usage error (exit 2). */
const failLevelFlag = Flags.custom<DiffLevel>({
  helpValue: DIFF_LEVELS.join('|'),
  async parse(input) {
    const level = DIFF_LEVELS.find((l) => l === input.trim().toUpperCase())
    if (level === undefined) throw new UsageError(`'${input}' is not one of ${DIFF_LEVELS.join(', ')}`)
    return level
  },
})

/** `schemactl diff <a> <b>`: semantic difference between two schemas, with compatibility verdicts. */
export default class Diff extends RegistryCommand<DiffReport> {
  // A side in subject@version, dir/subject@version or id:<n> form may need the registry; two files never do.
  protected override willUseRegistry(): boolean {
    return this.argv.some((arg) => !arg.startsWith('-') && (arg.includes('@') || /^id:/i.test(arg)))
  }

  static override summary = 'Show what changed between two schemas (Avro, JSON Schema, Protobuf), and whether each can read the other.'

  static override description = `Each side is a schema file, a version in a workspace folder (dir/subject@3 or dir/subject@latest), a registry subject version (subject@3, subject@latest) or a registry schema id (id:42). Changes are semantic (fields added, removed or renamed through an alias, type, default, doc, enum symbol, union branch, fixed size, name and logical type changes, nested records followed), each with its JSON Pointer. Data-contract changes follow (tags added or removed on a metadata path or a field, properties, sensitive properties, rules added, removed, changed, moved or reordered): a file's contract is its contract file (x.contract.json beside x.avsc), a workspace version's the one a registry would store, a registry version's its own; --a-contract/--b-contract replace them. Then the verdicts: BACKWARD (b reads data written with a), FORWARD (a reads data written with b) and FULL, with the registry's messages.

JSON Schema and Protobuf sides (a .proto file; a file with "$schema"; a registry version of that type; or --schema-type) list the registry's own differences instead (type, path, compatible or not, and its message in --json), and their verdicts as the registry decides them; JSON Schema under --policy, else the registry subject's compatibilityPolicy, else STRICT. A .proto import or a JSON "$ref" to a relative file is read beside the file (a .proto import also at the workspace root); a registry version's references are fetched.

Exit codes: 0 (whatever the verdicts), 1 with --fail-on-incompatible when that level fails, 2 bad arguments, 4 registry error (unknown subject, version or id), 5 unreadable or invalid schema.`

  static override examples = [
    { description: 'Compare two files', command: '<%= config.bin %> diff old.avsc new.avsc' },
    {
      description: 'Compare the two newest versions kept in a workspace, failing CI when new readers cannot read old data',
      command: '<%= config.bin %> diff schemas/orders-value@2 schemas/orders-value@3 --fail-on-incompatible BACKWARD',
    },
    { description: 'Also show a line diff of the canonical forms', command: '<%= config.bin %> diff old.avsc new.avsc --text' },
    {
      description: 'Compare a local file with the latest registered version',
      command: '<%= config.bin %> diff orders-value@latest schemas/orders-value.avsc --registry prod',
    },
    { description: 'Compare two JSON Schemas under the LENIENT policy', command: '<%= config.bin %> diff old.json new.json --policy lenient' },
    {
      description: 'Compare a .proto file with the latest registered version',
      command: '<%= config.bin %> diff orders-value@latest orders.proto --registry prod',
    },
    { description: 'Compare two registered schemas by id', command: '<%= config.bin %> diff id:41 id:42 --registry http://localhost:8081' },
  ]

  static override args = {
    a: Args.string({ required: true, description: 'The old schema: file, dir/subject@version, subject@version or id:<n>.' }),
    b: Args.string({ required: true, description: 'The new schema, in the same forms.' }),
  }

  static override flags = {
    ...registryFlags,
    text: Flags.boolean({ description: 'Also print a coloured line diff of the two canonical forms.' }),
    'a-contract': Flags.string({
      description: 'A contract file ({"metadata", "ruleSet"}) to use as a\'s data contract instead of its own.',
      helpValue: 'FILE',
    }),
    'b-contract': Flags.string({ description: "A contract file to use as b's data contract instead of its own.", helpValue: 'FILE' }),
    'fail-on-incompatible': failLevelFlag({
      description: 'Exit 1 when this level fails (BACKWARD: b cannot read a; FORWARD: a cannot read b; FULL: either).',
      env: 'SCHEMACTL_FAIL_ON_INCOMPATIBLE',
    }),
    'schema-type': Flags.string({
      description: 'Schema type of file sides: AVRO, JSON or PROTOBUF (default: .proto is PROTOBUF, a JSON file with "$schema" is JSON, else AVRO).',
      helpValue: 'AVRO|JSON|PROTOBUF',
    }),
    policy: Flags.string({
      description: "JSON Schema compatibility policy: STRICT or LENIENT (default: the registry subject's compatibilityPolicy, else STRICT).",
      helpValue: 'STRICT|LENIENT',
      env: 'SCHEMACTL_POLICY',
    }),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<DiffReport> {
    const { args, flags } = await this.parse(Diff)
    const report = await diffSchemaSides(
      {
        a: args.a,
        b: args.b,
        lines: flags.text,
        failOn: flags['fail-on-incompatible'],
        aContract: flags['a-contract'],
        bContract: flags['b-contract'],
        followExternalLinks: flags['follow-external-links'],
        schemaType: parseSchemaType(flags['schema-type']),
        policy: parsePolicy(flags.policy),
      },
      this.registryContext(flags),
    )
    process.exitCode = report.exitCode
    if (!this.jsonEnabled()) this.log(renderDiffText(report, { color: this.colorEnabled }))
    return report
  }
}
