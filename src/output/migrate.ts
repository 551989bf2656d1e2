/** Text renderers of `schemactl migrate` (pure: data → string). */
import chalk from 'chalk'
import type { MigrateEvent, MigrateResult, PlanReport, PlanSummary } from '../app/migrate/migrate.js'

/** The plan: totals, then each subject with its versions (id, and whether present), then every conflict. */
export function renderMigratePlan(plan: PlanReport): string {
  const lines = [`Plan: ${plan.from} → ${plan.to}${plan.preserveIds ? ' (ids and versions preserved)' : ' (registered anew, ids mapped)'}`]
  lines.push(`  ${plan.subjects} subjects, ${plan.versions.length} versions: ${plan.toCopy} to copy, ${plan.present} already present`)
  const bySubject = new Map<string, string[]>()
  for (const p of plan.versions) {
    const v = p.source
    const tag = p.action === 'present' ? (p.deleteOnly ? ' (present, to soft-delete)' : ' (present)') : v.deleted ? ' (soft-deleted)' : ''
    const refs = v.references.length ? ` refs ${v.references.map((r) => `${r.subject}@${r.version}`).join(',')}` : ''
    const list = bySubject.get(v.subject) ?? []
    list.push(`v${v.version}${v.id === undefined ? '' : ` id ${v.id}`}${refs}${tag}`)
    bySubject.set(v.subject, list)
  }
  for (const [subject, versions] of bySubject) lines.push(`  ${subject}: ${versions.join(', ')}`)
  lines.push(...contractLines(plan.contracts))
  lines.push(...forcedLines(plan.forced, plan.forced.length))
  if (plan.conflicts.length) {
    lines.push(chalk.red(`${plan.conflicts.length} conflict(s); nothing was written:`))
    for (const c of plan.conflicts) lines.push(chalk.red(`  ${c.subject} version ${c.version}${c.id === undefined ? '' : ` (id ${c.id})`}: ${c.message}`))
  }
  return lines.join('\n')
}

/** The plan in brief, printed before the copy starts: counts, id range, conflicts, mode changes, the first versions. */
export function renderPlanSummary(p: PlanSummary): string {
  const ids = p.ids ? `, ids ${p.ids.min}–${p.ids.max}` : ''
  const lines = [
    `Plan: ${p.subjects} subjects, ${p.versions} versions (${p.toCopy} to copy, ${p.present} already present)${ids}, ${p.conflicts ? `${p.conflicts} conflict(s)` : 'no conflicts'}`,
  ]
  for (const change of p.modeChanges) lines.push(`  modes: ${change}`)
  lines.push(...contractLines(p.contracts))
  lines.push(...forcedLines(p.forced, p.forcedTotal))
  if (p.firstVersions.length) {
    const more = p.toCopy - p.firstVersions.length
    lines.push(
      `  first: ${p.firstVersions.map((v) => `${v.subject}@${v.version}${v.id === undefined ? '' : ` id ${v.id}`}`).join(', ')}${more > 0 ? `, and ${more} more` : ''}`,
    )
  }
  return lines.join('\n')
}

// The data contracts the plan carries; left behind (--drop-contracts), loudly.
function contractLines(contracts: PlanSummary['contracts']): string[] {
  const n = contracts.versions
  const versions = `${n} version${n === 1 ? '' : 's'}`
  if (contracts.dropped) {
    return [
      chalk.yellow.bold(
        `  WARNING (--drop-contracts): data contracts are NOT copied: ${n ? `${versions} lose their metadata and rule sets, and ` : ''}no contract config member (compatibilityGroup, defaults, overrides) is written; rules such as field encryption stop applying on the target`,
      ),
    ]
  }
  return n ? [`  contracts: ${versions} with metadata or a rule set, copied as stored`] : []
}

// The divergences --force-append lets through, loudly: the target's newest schema changes meaning.
function forcedLines(forced: { subject: string; message: string }[], total: number): string[] {
  if (total === 0) return []
  const lines = [
    chalk.yellow.bold(
      `  WARNING (--force-append): ${total} subject${total === 1 ? '' : 's'} whose history on the target is not a prefix of the source's get versions appended out of order:`,
    ),
  ]
  for (const f of forced) lines.push(chalk.yellow(`    ${f.subject}: ${f.message}`))
  if (total > forced.length) lines.push(chalk.yellow(`    and ${total - forced.length} more`))
  return lines
}

/** One line per finished subject (the non-TTY progress). */
export function renderSubjectProgress(event: Extract<MigrateEvent, { type: 'subject' }>): string {
  const parts = [`${event.migrated} migrated`, `${event.present} present`, ...(event.failed ? [chalk.red(`${event.failed} failed`)] : [])]
  return `${event.subject}: ${parts.join(', ')}`
}

/** The final report: counts, time, verification, files written. */
export function renderMigrateResult(r: MigrateResult): string {
  if (r.status === 'planned' || r.status === 'conflicts') return renderMigratePlan(r.plan)
  if (r.status === 'nothing-to-do') return `Nothing to do: all ${r.plan.versions.length} versions are already on ${r.to} (journal ${r.journal}).`
  const seconds = (r.durationMs / 1000).toFixed(1)
  const lines = [
    `${r.status === 'interrupted' ? chalk.yellow('Interrupted') : r.status === 'done' ? chalk.green('Migrated') : chalk.red('Migration incomplete')}: ${r.from} → ${r.to}`,
    `  ${r.migrated} migrated, ${r.skipped} skipped as already present, ${r.failed.length} failed, ${r.retries} retries, ${seconds} s`,
  ]
  for (const f of r.failed) lines.push(chalk.red(`  failed: ${f.subject} version ${f.version}: ${f.error}`))
  if (r.restoredModes)
    lines.push(
      `  modes restored: ${
        Object.entries(r.restoredModes).length > 3
          ? `${Object.keys(r.restoredModes).length} subjects`
          : Object.entries(r.restoredModes)
              .map(([s, m]) => `${s} ${m}`)
              .join(', ')
      }`,
    )
  if (r.verify) {
    const settings = r.verify.settings ? ` and ${r.verify.settings} setting${r.verify.settings === 1 ? '' : 's'} (levels, modes, config)` : ''
    if (r.verify.differences.length === 0) lines.push(chalk.green(`  verified: ${r.verify.checked} versions${settings} identical on both sides`))
    else {
      lines.push(chalk.red(`  verification found ${r.verify.differences.length} difference(s) in ${r.verify.checked} versions${settings}:`))
      for (const d of r.verify.differences) lines.push(chalk.red(`    ${d.subject}${d.version === undefined ? '' : ` version ${d.version}`}: ${d.message}`))
    }
  }
  if (r.idMapFile) lines.push(`  old-id → new-id mapping: ${r.idMapFile}`)
  if (r.unrestored?.length) {
    const list = r.unrestored.map((u) => `${u.scope} ${u.setting} ${u.previous ?? '(none of its own)'}`).join(', ')
    lines.push(chalk.red(`  not restored on the target: ${list}: ${r.unrestored[0].error}`))
    if (r.status !== 'interrupted') lines.push(`  Re-run the same command to restore them (journal ${r.journal}).`)
  }
  if (r.status === 'interrupted') lines.push(`  Re-run the same command to continue (journal ${r.journal}).`)
  return lines.join('\n')
}
