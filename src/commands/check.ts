import { Args, Flags } from '@oclif/core'
import type { CheckReport } from '../app/check-report.js'
import { checkWorkspace } from '../app/check-workspace.js'
import { BaseCommand } from '../cli/base-command.js'
import { levelFlag } from '../cli/flags.js'
import { renderCheckText } from '../output/check-text.js'
import { loadStyle } from '../output/style.js'

/** `schemactl check [DIR]`: offline validity and compatibility of a schema workspace. */
export default class Check extends BaseCommand<CheckReport> {
  static override summary = 'Check that every schema in a folder is valid and that each version would be accepted by a registry.'

  static override description = `For every subject of the workspace (subject.avsc, or subject/1.avsc, 2.avsc, …), checks each version against the versions before it at the subject's compatibility level, exactly as Confluent Schema Registry would, and that every schema is valid Avro. With --against, the newest version of each subject is checked against another workspace (for example a snapshot of the registry) instead.

Exit codes: 0 all pass, 1 an incompatible version, 5 an invalid or unreadable schema (wins over 1), 2 bad flags, 3 invalid configuration.`

  static override examples = [
    { description: 'Check the example workspace', command: '<%= config.bin %> check schemas-example' },
    { description: 'Check the candidates against a snapshot of the registry', command: '<%= config.bin %> check schemas --against snapshot' },
    { description: 'Check two subjects at FULL_TRANSITIVE, as JSON', command: "<%= config.bin %> check schemas --subject 'orders-*' --level FULL_TRANSITIVE --json" },
  ]

  static override args = {
    dir: Args.string({ description: 'Workspace folder to check.', default: '.' }),
  }

  static override flags = {
    against: Flags.string({ helpValue: '<dir>', description: 'Workspace holding the registered history to check the newest versions against.', env: 'SCHEMACTL_AGAINST' }),
    level: levelFlag({ description: 'Compatibility level for every subject, overriding the configuration: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE (any case).', env: 'SCHEMACTL_LEVEL' }),
    subject: Flags.string({ char: 's', helpValue: '<name|glob>', description: 'Only check subjects matching this name or glob (* and ?); repeatable.', multiple: true }),
  }

  async run(): Promise<CheckReport> {
    const { args, flags } = await this.parse(Check)
    const { report, warnings } = await checkWorkspace({ dir: args.dir, against: flags.against, level: flags.level, subjects: flags.subject })
    for (const warning of warnings) this.warn(warning)
    process.exitCode = report.exitCode
    if (!this.jsonEnabled()) this.log(renderCheckText(report, await loadStyle(this.colorEnabled)))
    return report
  }
}
