/**
 * Verification after a copy: every source version is on the target at the expected place, with the
 * same id, schema and data contract, and every level, mode and config member copied is there.
 */
import { sameContract } from '../../engine/contracts/index.js'
import { CONFIG_MEMBERS, CONTRACT_MEMBERS, describeContractDifference, expectedContract, memberText, short } from './contracts.js'
import { sameSchema, type Fingerprinter } from './fingerprint.js'
import type { IdMapping, ScopeSettings, Snapshot, VerifyDifference, VerifyReport, VersionRecord } from './types.js'

/**
 * Compares each source version with the target's: present at its (mapped) subject and version, with
 * the same (mapped) id when ids are known on both sides, the same soft-deleted state, the same
 * full normalized schema (doc, defaults, aliases and logical types count) and, unless
 * `dropContracts`, the same data contract byte for byte in the registry's normal form
 * (`confluent:version` following the target's numbering); and no second target version of a
 * subject holding the same schema (a duplicate). `mappings` give the target's id and version of
 * each source version. Then each scope's own level, mode (IMPORT is not copied) and config members
 * (the contract ones unless `dropContracts`) and, when `global`, the global level and members and a
 * global mode other than READWRITE and IMPORT must be the target's too (`target.settings` and
 * `target.global` hold what the target has; a target without modes is not compared on modes).
 */
export function verifyMigration(
  source: Snapshot,
  target: Snapshot,
  mappings: IdMapping[],
  prints: { source: Fingerprinter; target: Fingerprinter },
  options: { global: boolean; dropContracts?: boolean },
): VerifyReport {
  const mapped = new Map(mappings.map((m) => [`${m.subject}\u0000${m.version}`, m]))
  const differences: VerifyDifference[] = []
  let checked = 0
  for (const [subject, versions] of source.subjects) {
    const onTarget = target.subjects.get(subject) ?? []
    const expected = new Set<number>()
    for (const s of versions) {
      checked++
      const m = mapped.get(`${subject}\u0000${s.version}`)
      const version = m?.newVersion ?? s.version
      const id = m?.newId ?? s.id
      expected.add(version)
      const t = onTarget.find((v) => v.version === version)
      const say = (message: string) => differences.push({ subject, version: s.version, message })
      if (!t) {
        say(`missing on the target (expected version ${version})`)
        continue
      }
      if (id !== undefined && t.id !== undefined && t.id !== id) say(`id ${t.id} on the target, expected ${id}`)
      if (t.deleted !== s.deleted) say(s.deleted ? 'live on the target but soft-deleted on the source' : 'soft-deleted on the target but live on the source')
      if (!sameSchema(prints.source, s, prints.target, t)) say(schemaDifference(prints, s, t))
      if (!options.dropContracts) {
        const expected = expectedContract(s, version)
        if (!sameContract(expected, t.contract ?? {})) say(describeContractDifference(expected, t.contract ?? {}))
      }
    }
    const extra = onTarget.filter((t) => !expected.has(t.version))
    const sourcePrints = extra.length ? new Set(versions.map((v) => prints.source.of(v))) : new Set<string>()
    for (const t of extra) {
      if (sourcePrints.has(prints.target.of(t))) {
        differences.push({ subject, version: t.version, message: `duplicate: target version ${t.version} holds a schema the source has at another version` })
      }
    }
  }
  const settings = verifySettings(source, target, options, differences)
  return { checked, settings, differences }
}

// Adds a difference for each level, mode or config member of the source that the target does not have; returns how many were compared.
function verifySettings(source: Snapshot, target: Snapshot, options: { global: boolean; dropContracts?: boolean }, differences: VerifyDifference[]): number {
  const targetHasModes = target.global.mode !== undefined || [...target.settings.values()].some((s) => s.mode !== undefined)
  let compared = 0
  const compare = (subject: string, want: ScopeSettings, have: ScopeSettings, copiedMode: (mode: string) => boolean) => {
    const where = subject === '' ? 'the global' : 'its'
    if (want.compatibilityLevel !== undefined) {
      compared++
      if (have.compatibilityLevel !== want.compatibilityLevel)
        differences.push({
          subject: subject || '(global)',
          message: `${where} compatibility level is ${have.compatibilityLevel ?? 'not set'} on the target, ${want.compatibilityLevel} on the source`,
        })
    }
    if (want.mode !== undefined && copiedMode(want.mode) && targetHasModes) {
      compared++
      if (have.mode !== want.mode)
        differences.push({ subject: subject || '(global)', message: `${where} mode is ${have.mode ?? 'not set'} on the target, ${want.mode} on the source` })
    }
    for (const member of CONFIG_MEMBERS) {
      const value = want.config?.[member]
      if (value === undefined || (options.dropContracts && CONTRACT_MEMBERS.includes(member))) continue
      compared++
      const found = have.config?.[member]
      if (memberText(found) !== memberText(value))
        differences.push({
          subject: subject || '(global)',
          message: `${where} ${member} is ${short(memberText(found))} on the target, ${short(memberText(value))} on the source`,
        })
    }
  }
  for (const [subject, want] of source.settings) compare(subject, want, target.settings.get(subject) ?? {}, (mode) => mode !== 'IMPORT')
  if (options.global) compare('', source.global, target.global, (mode) => mode !== 'READWRITE' && mode !== 'IMPORT')
  return compared
}

// The canonical forms say whether only what Avro resolution ignores differs (doc, defaults, aliases, logical types).
function schemaDifference(prints: { source: Fingerprinter; target: Fingerprinter }, s: VersionRecord, t: VersionRecord): string {
  const sameCanonical = prints.source.canonical(s) !== undefined && prints.source.canonical(s) === prints.target.canonical(t)
  return `the target's schema differs (${prints.target.of(t)}, source ${prints.source.of(s)})${sameCanonical ? '; the canonical forms are equal: doc, defaults, aliases or logical types differ' : ''}`
}
