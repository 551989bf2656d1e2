import { Flags } from '@oclif/core'
import { DEFAULT_CONCURRENCY, migrate, planReportInParts, type MigrateEvent, type MigrateResult } from '../app/migrate/migrate.js'
import { lineBatcher } from '../cli/line-batcher.js'
import { redact, redactValue } from '../config/redact.js'
import { contextFlag, registryFlags } from '../cli/registry-flags.js'
import type { JsonSuccess } from '../cli/base-command.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { writeJsonInParts } from '../output/json-parts.js'
import { renderMigrateResult, renderPlanSummary, renderSubjectProgress } from '../output/migrate.js'
import { loadStyle } from '../output/style.js'

/** `schemactl migrate --from <src> --to <dst>`: exit 1 on conflicts, failed versions or verification differences; 4 when the target's previous modes or levels could not be restored; 130 when interrupted (Ctrl-C), 143 on SIGTERM. */
export default class Migrate extends RegistryCommand<MigrateResult> {
  static override summary = 'Copy schemas between registries and folders, preserving ids and versions.'
  static override description =
    'Source and target are each a registry (URL or profile) or a workspace folder (export with schemactl-export.json). Plans first (conflicts stop it before any write), journals every version (re-run to continue), verifies at the end.'
  static override examples = [
    '<%= config.bin %> migrate --from http://old:8081 --to http://new:8081',
    '<%= config.bin %> migrate --from prod --to ./backup --include-deleted',
    '<%= config.bin %> migrate --from ./backup --to http://localhost:8081 --dry-run',
  ]
  static override flags = {
    insecure: registryFlags.insecure,
    timeout: registryFlags.timeout,
    from: Flags.string({ required: true, description: 'Source: registry URL or profile, or a folder (./path).', env: 'SCHEMACTL_MIGRATE_FROM' }),
    to: Flags.string({ required: true, description: 'Target: registry URL or profile, or a folder (./path).', env: 'SCHEMACTL_MIGRATE_TO' }),
    subject: Flags.string({ char: 's', multiple: true, description: 'Only subjects matching this glob (* and ?); repeatable.' }),
    regex: Flags.string({ description: 'Only subjects matching this regular expression.' }),
    context: contextFlag,
    'include-deleted': Flags.boolean({ description: 'Copy soft-deleted versions too (they stay soft-deleted).' }),
    'preserve-ids': Flags.boolean({
      default: true,
      allowNo: true,
      description: 'Keep ids and versions (IMPORT mode); --no-preserve-ids registers anew and writes an id mapping.',
    }),
    'force-append': Flags.boolean({
      description:
        "Copy even into subjects whose history on the target is not a prefix of the source's (appends older versions after the target's latest; warned about in the plan).",
    }),
    'drop-contracts': Flags.boolean({
      description:
        'Copy without the data contracts (metadata, rule sets, contract config members), for a target that cannot store them (warned about in the plan).',
    }),
    'id-map': Flags.string({ description: 'Old-id → new-id mapping file with --no-preserve-ids.', default: 'schemactl-id-map.json' }),
    'dry-run': Flags.boolean({ description: 'Print the plan only.' }),
    journal: Flags.string({
      description: 'Journal file (default: $XDG_STATE_HOME/schemactl/schemactl-migrate-<hash of source, target and scope>.jsonl).',
      env: 'SCHEMACTL_MIGRATE_JOURNAL',
    }),
    verify: Flags.boolean({ default: true, allowNo: true, description: 'Compare every migrated version on both sides afterwards.' }),
    concurrency: Flags.integer({
      default: DEFAULT_CONCURRENCY,
      min: 1,
      max: 256,
      description: 'Writes in flight at once (each subject keeps its version order).',
    }),
  }

  async run(): Promise<MigrateResult> {
    const { flags } = await this.parse(Migrate)
    const progress = await this.progressView(flags['dry-run'])
    let result: MigrateResult
    try {
      // Ctrl-C or SIGTERM: the run stops after the versions in flight, restores the target's modes and returns `interrupted`.
      result = await this.untilStopped((signal) =>
        migrate(this.registryContext(flags), {
          from: flags.from,
          to: flags.to,
          scope: { subjects: flags.subject, regex: flags.regex, context: flags.context, includeDeleted: flags['include-deleted'] },
          preserveIds: flags['preserve-ids'],
          forceAppend: flags['force-append'],
          dropContracts: flags['drop-contracts'],
          idMap: flags['id-map'],
          dryRun: flags['dry-run'],
          journal: flags.journal,
          verify: flags.verify,
          concurrency: flags.concurrency,
          signal,
          // Events carry registry replies (retry reasons, refusals): redacted like every other output.
          onEvent: (e) => progress.onEvent(redactValue(e)),
        }),
      )
    } finally {
      await progress.stop()
    }
    // An interrupted run exits with its signal's code (130 or 143), set by untilStopped.
    if (result.status !== 'interrupted') {
      // The target refused to take its previous modes or levels back: a registry failure, whatever else the run found.
      if (result.unrestored?.length) process.exitCode = 4
      else if (result.status === 'conflicts' || result.status === 'failed') process.exitCode = 1
    }
    if (!this.jsonEnabled()) this.log(redact(renderMigrateResult(result)))
    return result
  }

  // The plan's versions of a `--json` report, written one at a time (a report of 100,000 versions is never built whole).
  private reportVersions: Iterable<unknown> | undefined

  protected override toSuccessJson(result: unknown): JsonSuccess<unknown> {
    const parts = this.plainJson ? planReportInParts(result as MigrateResult, REPORT_VERSIONS) : undefined
    if (parts === undefined) return super.toSuccessJson(result)
    this.reportVersions = parts.versions
    return super.toSuccessJson(parts.result)
  }

  protected override writePlainJson(json: unknown): void {
    if (this.reportVersions === undefined) return super.writePlainJson(json)
    const versions = this.reportVersions
    writeJsonInParts(
      (text) => process.stdout.write(text),
      json,
      REPORT_VERSIONS,
      (function* () {
        for (const v of versions) yield redactValue(v)
      })(),
    )
  }

  /** TTY (or SCHEMACTL_PROGRESS=tty): the ink view (loaded only here); `--json`: JSON-line events on stderr; otherwise a line per subject. */
  private async progressView(dryRun: boolean): Promise<{ onEvent: (e: MigrateEvent) => void; stop: () => Promise<void> }> {
    if (this.jsonEnabled()) {
      const events = lineBatcher(process.stderr)
      return { onEvent: (e) => events.push(JSON.stringify(e)), stop: async () => events.flush() }
    }
    // The summary of a plan that will be carried out; a dry run or conflicts print the whole plan at the end instead.
    const summary = (e: MigrateEvent) => (e.type === 'plan' && !dryRun && e.conflicts === 0 && e.toCopy > 0 ? renderPlanSummary(e) : undefined)
    if (process.stdout.isTTY || process.env.SCHEMACTL_PROGRESS === 'tty')
      return (await import('../ui/migrate-progress.js')).startMigrateProgress(summary, await loadStyle(this.colorEnabled))
    const lines = lineBatcher(process.stdout)
    return {
      onEvent: (e) => {
        const text = e.type === 'subject' ? renderSubjectProgress(e) : summary(e)
        if (text !== undefined) lines.push(text)
      },
      stop: async () => lines.flush(),
    }
  }
}

// Where the report's versions go in the envelope until they are written (see `writePlainJson`).
const REPORT_VERSIONS = '\u0000schemactl-report-versions\u0000'
