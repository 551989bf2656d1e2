/** The pure parts of migrating data contracts: config members as read, the no-preserve plan of contracts, the export's workspace view. */
import { describe, expect, it } from 'vitest'
import { planContractWrites, type TargetContractConfig } from '../../../src/app/migrate/contract-plan.js'
import { expectedContract, readConfigMembers, withoutContractMembers } from '../../../src/app/migrate/contracts.js'
import { workspaceContracts } from '../../../src/app/migrate/export-config.js'
import type { ExportMetadata } from '../../../src/app/migrate/export-folder.js'
import type { MigrationPlan, Snapshot, VersionRecord } from '../../../src/app/migrate/types.js'

const rule = (name: string) => ({ name, kind: 'CONDITION' as const, mode: 'WRITE' as const, type: 'CEL', expr: 'true', disabled: false })

describe('readConfigMembers', () => {
  it('keeps the members beside the level in the registry’s order and normal form, drops the rest', () => {
    const members = readConfigMembers({
      compatibilityLevel: 'FULL',
      overrideRuleSet: { domainRules: [{ name: 'r', type: 'CEL', expr: 'x' }] },
      defaultMetadata: { properties: { b: '2', a: 1 } },
      normalize: true,
      alias: 'other',
      validateRules: 'yes',
      compatibilityPolicy: 'LENIENT',
    })
    expect(JSON.stringify(members)).toBe(
      JSON.stringify({
        alias: 'other',
        normalize: true,
        compatibilityPolicy: 'LENIENT',
        defaultMetadata: { properties: { a: '1', b: '2' } },
        overrideRuleSet: { domainRules: [{ name: 'r', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'CEL', expr: 'x', disabled: false }] },
      }),
    )
    expect(readConfigMembers({ compatibilityLevel: 'FULL' })).toBeUndefined()
    expect(withoutContractMembers(members)).toEqual({ alias: 'other', normalize: true })
  })
})

describe('expectedContract', () => {
  it('follows the target’s numbering in confluent:version, only where the source has it', () => {
    const stamped: VersionRecord = {
      subject: 's',
      version: 3,
      schemaType: 'AVRO',
      schema: '"int"',
      references: [],
      deleted: false,
      contract: { metadata: { properties: { 'confluent:version': '3', owner: 'o' } } },
    }
    expect(expectedContract(stamped, 3)).toBe(stamped.contract)
    expect(expectedContract(stamped, 5)).toEqual({ metadata: { properties: { 'confluent:version': '5', owner: 'o' } } })
    const plain = { ...stamped, contract: { metadata: { properties: { owner: 'o' } } } }
    expect(expectedContract(plain, 5)).toEqual(plain.contract)
  })
})

describe('planContractWrites', () => {
  const v = (subject: string, version: number, contract?: VersionRecord['contract'], deleted = false): VersionRecord => ({
    subject,
    version,
    schemaType: 'AVRO',
    schema: `"v${version}"`,
    references: [],
    deleted,
    ...(contract ? { contract } : {}),
  })
  const plan = (versions: VersionRecord[]) => ({ versions: versions.map((source) => ({ source, action: 'copy' })) }) as unknown as MigrationPlan
  const empty: Snapshot = { subjects: new Map(), settings: new Map(), global: {} }
  const none: TargetContractConfig = { global: {}, contexts: new Map(), subjects: new Map() }
  const owner = { metadata: { properties: { owner: 'a' } } }

  it('no conflict when the target merges nothing: contracts sent whole, a group alone changes nothing', () => {
    const versions = [v('s', 1, owner), v('s', 2, owner), v('s', 3, { ...owner, ruleSet: { domainRules: [rule('r')] } })]
    expect(planContractWrites(plan(versions), empty, none)).toEqual([])
    expect(planContractWrites(plan(versions), empty, { ...none, global: { compatibilityGroup: 'major' } })).toEqual([])
  })

  it('a member the version lacks and the version before it has would be inherited; not from a soft-deleted one', () => {
    const conflicts = planContractWrites(plan([v('s', 1, owner), v('s', 2)]), empty, none)
    expect(conflicts).toEqual([
      expect.objectContaining({ subject: 's', version: 2, message: expect.stringContaining('it has no metadata but the version before it on the target has') }),
    ])
    expect(planContractWrites(plan([v('s', 1, owner, true), v('s', 2)]), empty, none)).toEqual([])
    // The target's own latest version counts as the one before.
    const target: Snapshot = { ...empty, subjects: new Map([['s', [v('s', 1, owner)]]]) }
    expect(planContractWrites(plan([v('s', 2)]), target, none)).toHaveLength(1)
  })

  it('defaults and overrides of the subject, its context or the global config would be merged in', () => {
    const versions = [v(':.eu:s', 1, owner)]
    const byContext = planContractWrites(plan(versions), empty, { ...none, contexts: new Map([[':.eu:', { defaultRuleSet: { domainRules: [rule('d')] } }]]) })
    expect(byContext).toEqual([expect.objectContaining({ message: expect.stringContaining("the target's config (defaultRuleSet) would be merged") })])
    const bySubject = planContractWrites(plan(versions), empty, {
      ...none,
      subjects: new Map([[':.eu:s', { overrideMetadata: { properties: { team: 't' } } }]]),
    })
    expect(bySubject).toHaveLength(1)
    // A default the version already holds changes nothing.
    expect(planContractWrites(plan(versions), empty, { ...none, global: { defaultMetadata: { properties: { owner: 'z' } } } })).toEqual([])
  })
})

describe('workspaceContracts', () => {
  it('global members at the top, a context as a glob entry, a subject’s own over its context’s', () => {
    const metadata: ExportMetadata = {
      format: 'schemactl-export/1',
      global: { compatibilityLevel: 'FULL', config: { normalize: true, defaultMetadata: { properties: { region: 'eu' } } } },
      subjects: {
        ':.eu:': { config: { compatibilityGroup: 'major', defaultRuleSet: { domainRules: [rule('d')] } }, versions: {} },
        ':.eu:a-value': { config: { compatibilityGroup: 'minor', compatibilityPolicy: 'LENIENT' }, versions: {} },
        ':.eu:b-value': { versions: {} },
        'c-value': { config: { normalize: false }, versions: {} },
      },
    }
    const view = workspaceContracts(metadata)
    expect(view.global).toEqual({ defaultMetadata: { properties: { region: 'eu' } } })
    expect(Object.fromEntries(view.entries)).toEqual({
      ':.eu:*': { compatibilityGroup: 'major', defaultRuleSet: { domainRules: [rule('d')] } },
      ':.eu:a-value': { compatibilityGroup: 'minor', defaultRuleSet: { domainRules: [rule('d')] } },
      ':.eu:b-value': undefined,
      'c-value': undefined,
    })
  })
})
