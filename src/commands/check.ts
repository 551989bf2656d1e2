import { Args, Flags } from '@oclif/core'
import { join } from 'node:path'
import type { CheckReport } from '../app/check/report.js'
import { checkGate, streamCheckGate } from '../app/check/gate.js'
import { namesRegistry } from '../app/check/baseline.js'
import { ruleCatalogue } from '../app/lint/list-rules.js'
import { repositoryPaths } from '../app/repository-paths.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { followExternalLinksFlag, levelFlag } from '../cli/flags.js'
import { progressLine, progressWanted } from '../cli/progress-line.js'
import { registryFlags } from '../cli/registry-flags.js'
import { CHECK_FORMATS, checkReportStream, REPOSITORY_FORMATS } from '../output/check-format.js'
import { ReportPrinter } from '../cli/report-printer.js'
import { loadStyle } from '../output/style.js'
import { checkCacheFolder } from '../app/check/cache.js'

/** `schemactl check [DIR]`: offline validity and compatibility of a schema workspace; the CI gate. */
export default class Check extends RegistryCommand<CheckReport | undefined> {
  static override summary = 'Check that every schema in a folder is valid and that each version would be accepted by a registry.'

  static override description = `For every subject of the workspace (subject.avsc, or subject/1.avsc, 2.avsc, …), checks each version against the versions before it at the subject's compatibility level, exactly as Confluent Schema Registry would, and that every schema is valid Avro. With --against, the newest version of each subject is checked against a baseline instead: the same folder at a git ref (git:origin/main), or another workspace folder. Approved breaks in the config pass (until they expire); --lint adds the lint rules.

Exit codes: 0 all pass, 1 an incompatible version or lint error, 5 an invalid or unreadable schema (wins over 1), 2 bad flags or an unknown git ref, 3 invalid configuration.`

  static override examples = [
    { description: 'Check the example workspace', command: '<%= config.bin %> check schemas-example' },
    {
      description: 'Gate a pull request: changed subjects against the main branch, as GitHub annotations',
      command: '<%= config.bin %> check schemas --against git:origin/main --changed-only --format github',
    },
    { description: 'Check the candidates against a snapshot of the registry', command: '<%= config.bin %> check schemas --against snapshot' },
    {
      description: 'Check two subjects at FULL_TRANSITIVE, as JSON',
      command: "<%= config.bin %> check schemas --subject 'orders-*' --level FULL_TRANSITIVE --json",
    },
  ]

  static override args = {
    dir: Args.string({ description: 'Workspace folder to check.', default: '.' }),
  }

  static override flags = {
    against: Flags.string({
      helpValue: 'git:<ref>|registry|<profile|url>|<dir>',
      description:
        'Baseline for the newest versions: git:<ref> (this folder at a git ref, e.g. git:origin/main), registry (the --registry connection), a registry profile or URL, or a workspace folder.',
      env: 'SCHEMACTL_AGAINST',
    }),
    'changed-only': Flags.boolean({ description: 'With --against: only check subjects whose files differ from the baseline.', env: 'SCHEMACTL_CHANGED_ONLY' }),
    level: levelFlag({
      description:
        'Compatibility level for every subject, overriding the configuration: NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE (any case).',
      env: 'SCHEMACTL_LEVEL',
    }),
    subject: Flags.string({
      char: 's',
      helpValue: '<name|glob>',
      description: 'Only check subjects matching this name or glob (* and ?); repeatable.',
      multiple: true,
    }),
    format: Flags.option({ options: CHECK_FORMATS, default: 'text', description: 'Output format (json = the --json envelope).', env: 'SCHEMACTL_FORMAT' })(),
    'fail-on': Flags.option({
      options: ['error', 'warning'] as const,
      default: 'error',
      description: 'Lowest lint severity that fails the check.',
      env: 'SCHEMACTL_FAIL_ON',
    })(),
    lint: Flags.boolean({ description: 'Also apply the lint rules (config "lint") to the newest versions.', env: 'SCHEMACTL_LINT' }),
    'follow-external-links': followExternalLinksFlag,
    jobs: Flags.integer({
      min: 1,
      helpValue: '<n>',
      description:
        'Threads that check subjects (1: no worker threads). Default: one per core for a workspace of 5,000 versions or more, else 1; checks --against a baseline use one.',
      env: 'SCHEMACTL_JOBS',
    }),
    'no-cache': Flags.boolean({
      description:
        'Check every subject afresh, neither reading nor writing the verdict cache (kept under $SCHEMACTL_CACHE_DIR, else the user cache folder, e.g. ~/.cache/schemactl).',
      env: 'SCHEMACTL_NO_CACHE',
    }),
    ...registryFlags,
  }

  /** Only an `--against` that names a registry talks HTTP (read before parsing, to load the client early). */
  protected override willUseRegistry(): boolean {
    const at = this.argv.findIndex((arg) => arg === '--against' || arg.startsWith('--against='))
    const against =
      at < 0 ? process.env.SCHEMACTL_AGAINST : this.argv[at].startsWith('--against=') ? this.argv[at].slice('--against='.length) : this.argv[at + 1]
    return against !== undefined && against !== '' && namesRegistry(against)
  }

  override jsonEnabled(): boolean {
    return super.jsonEnabled() || /(?:^|\s)--format(?:=|\s+)json(?:\s|$)/.test(this.argv.join(' ')) || process.env.SCHEMACTL_FORMAT === 'json'
  }

  async run(): Promise<CheckReport | undefined> {
    const { args, flags } = await this.parse(Check)
    const today = new Date().toISOString().slice(0, 10)
    // A baseline read from a registry shows how far it got, on a terminal and for the text format only.
    const progress = progressLine(flags.format === 'text' && progressWanted(this.jsonEnabled()))
    const registry =
      flags.against !== undefined && namesRegistry(flags.against)
        ? {
            ...this.registryContext(flags),
            progress: (read: number, total: number) =>
              progress.update(`reading the registry: ${read.toLocaleString('en')}/${total.toLocaleString('en')} subjects`),
          }
        : undefined
    const folder = checkCacheFolder(process.env, flags['no-cache'])
    // A cache that cannot be written is only worth a word under --debug: the check itself is unaffected.
    const cache =
      folder === undefined
        ? undefined
        : { folder, version: this.config.version, codeFile: join(this.config.root, 'dist', 'commands', 'check.js'), log: (m: string) => this.debugLog(m) }
    const gate = {
      cache,
      dir: args.dir,
      against: flags.against,
      againstFrom: this.flagSource('against'),
      changedOnly: flags['changed-only'],
      level: flags.level,
      subjects: flags.subject,
      lint: flags.lint,
      failOn: flags['fail-on'],
      today,
      registry,
      followExternalLinks: flags['follow-external-links'],
      jobs: flags.jobs,
    }
    const json = this.jsonEnabled() || flags.format === 'json'
    // A coloured --json (a terminal) is oclif's, printed whole at the end.
    if (json && this.colorEnabled) {
      const { report, warnings } = await checkGate(gate).finally(() => progress.clear())
      for (const warning of warnings) this.warn(warning)
      process.exitCode = report.exitCode
      return report
    }
    // GitHub and code scanning place findings by their path from the repository root, wherever check ran.
    const paths = !json && REPOSITORY_FORMATS.includes(flags.format) ? await repositoryPaths() : undefined
    const style = await loadStyle(this.colorEnabled)
    const context = {
      version: this.config.version,
      catalogue: ruleCatalogue(),
      rootUri: paths?.rootUri ?? '',
      width: this.terminalWidth,
      against: flags.against !== undefined,
    }
    const printer = new ReportPrinter({
      stream: (longestSubject) => checkReportStream(json ? 'json' : flags.format, style, { ...context, longestSubject }),
      needsNames: !json && flags.format === 'text',
      // A registry can fail halfway: its report waits in a temporary file, so a failure prints none of it.
      atEnd: registry !== undefined,
      json,
      paths,
    })
    const { report, warnings } = await streamCheckGate(gate, printer)
      .catch((err: unknown) => {
        printer.discard()
        throw err
      })
      .finally(() => progress.clear())
    for (const warning of warnings) this.warn(warning)
    process.exitCode = report.exitCode
    await printer.finish(report, this.warnings)
    // The report is printed: nothing is left for oclif's --json envelope.
    return undefined
  }
}
