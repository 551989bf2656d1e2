import { Args, Flags } from '@oclif/core'
import { lintWorkspace, type LintReport } from '../app/lint/workspace.js'
import { BaseCommand } from '../cli/base-command.js'
import { followExternalLinksFlag, levelFlag } from '../cli/flags.js'
import { renderLintText } from '../output/lint-text.js'
import { loadStyle } from '../output/style.js'

/** `schemactl lint [DIR]`: governance rules on the newest version of every subject. */
export default class Lint extends BaseCommand<LintReport> {
  static override summary = 'Check schemas against governance rules (naming, docs, defaults, logical types).'

  static override description = `Applies the lint rules selected in the config ("lint": {"use": ["STANDARD"], "except": [], "ignore": {"RULE": ["subject or path glob"]}, "fieldCase": "camel"}) to the newest version of every subject, with its schema type's rule set (Avro, JSON Schema or Protobuf; rules that compare versions read the version before it). Categories: MINIMAL ⊂ STANDARD ⊂ STRICT; \`schemactl rules\` lists the rules. --write-baseline records today's findings in .schemactl-lint-baseline.json so that only new ones fail.

Exit codes: 0 no lint error (warnings too with --fail-on warning), 1 lint errors, 5 an invalid schema, 2 bad flags, 3 invalid configuration.`

  static override examples = [
    { description: 'Lint the example workspace', command: '<%= config.bin %> lint schemas-example' },
    { description: 'Adopt the rules in an existing repository: record today’s findings', command: '<%= config.bin %> lint schemas --write-baseline' },
  ]

  static override args = {
    dir: Args.string({ description: 'Workspace folder to lint.', default: '.' }),
  }

  static override flags = {
    level: levelFlag({
      description: 'Compatibility level for every subject (FIELD_DEFAULT_REQUIRED applies at FORWARD and FULL levels).',
      env: 'SCHEMACTL_LEVEL',
    }),
    subject: Flags.string({ char: 's', description: 'Only lint subjects matching this name or glob; repeatable.', multiple: true }),
    'write-baseline': Flags.boolean({ description: 'Record the current findings in the lint baseline file; they no longer fail.' }),
    'fail-on': Flags.option({
      options: ['error', 'warning'] as const,
      default: 'error',
      description: 'Lowest severity that fails.',
      env: 'SCHEMACTL_FAIL_ON',
    })(),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<LintReport> {
    const { args, flags } = await this.parse(Lint)
    const { report, warnings } = await lintWorkspace({
      dir: args.dir,
      level: flags.level,
      subjects: flags.subject,
      writeBaseline: flags['write-baseline'],
      failOn: flags['fail-on'],
      followExternalLinks: flags['follow-external-links'],
    })
    for (const warning of warnings) this.warn(warning)
    process.exitCode = report.exitCode
    if (!this.jsonEnabled()) this.log(renderLintText(report, await loadStyle(this.colorEnabled)))
    return report
  }
}
