import { join } from 'node:path'
import { versionsInCompatibilityGroup } from '../../engine/contracts/index.js'
import { sameContract } from '../../engine/contracts/index.js'
import type { Contract } from '../../engine/contracts/index.js'
import type { CompatibilityPolicy } from '../../engine/formats/index.js'
import { checkParsedCompatibility } from '../../engine/formats/index.js'
import type { CompatibilityLevel, CompatibilityResult, ParsedSchema } from '../../engine/index.js'
import { mapReaderPointer } from '../../engine/compat/index.js'
import { ruleForIncompatibility } from '../../engine/rules/index.js'
import { registeredVersionChangedRule } from '../../engine/rules/index.js'
import { registeredVersionDeletedRule } from '../../engine/rules/index.js'
import { escapePointerSegment, locatePointer, pointerSegments } from '../../engine/schema/index.js'
import { isNamed, type Schema } from '../../engine/schema/index.js'
import type { FileProblem } from '../../workspace/findings.js'
import type { LoadedSubject, SchemaVersion, TypeReference } from '../../workspace/workspace.js'
import type { CheckFinding, RefusedVersion, SubjectReport } from './report.js'

type ValidVersion = SchemaVersion & Required<Pick<SchemaVersion, 'schema'>>

/** A loaded subject and the workspace folder as the user wrote it (findings name files under it). */
export interface LocatedSubject {
  loaded: LoadedSubject
  /** The workspace folder as the user wrote it, prefixed to file names in findings. */
  dir: string
  /**
   * Each version's data contract as the registry stores (or would store) it, by version number
   * (workspace-contracts.ts). Absent: contracts are neither compared nor used for groups.
   */
  contracts?: ReadonlyMap<number, Contract>
}

/** How contracts take part in a check. */
export interface ContractCheckOptions {
  /**
   * The `compatibilityGroup` metadata property configured for the subject: a version is checked
   * only against earlier versions with the same value of it (engine/contracts/group.ts).
   */
  group?: string
  /**
   * Whether baseline version `baselineVersion` holds the contract the workspace states for
   * `workspaceVersion` (their schemas being the same). Default: the two versions' `contracts`
   * are the same, `confluent:version` aside (it follows the numbering).
   */
  sameContract?: (workspaceVersion: number, baselineVersion: number) => boolean
  /** JSON Schema's compatibility policy (STRICT when absent). */
  policy?: CompatibilityPolicy
}

/**
 * Checks a subject's own history: every version would have been accepted by a registry at
 * `level` after the versions before it (invalid versions are reported and left out), each against
 * the earlier versions of its compatibility group only when `options.group` is set.
 */
export function checkOwnHistory(subject: LocatedSubject, level: CompatibilityLevel, options: ContractCheckOptions = {}): SubjectReport {
  const findings = invalidFindings(subject)
  const valid = subject.loaded.versions.filter(isValid)
  const refused: RefusedVersion[] = []
  const metadataOf = (v: ValidVersion) => subject.contracts?.get(v.version)?.metadata
  valid.forEach((candidate, i) => {
    const previous =
      options.group === undefined ? valid.slice(0, i) : versionsInCompatibilityGroup(metadataOf(candidate), valid.slice(0, i), options.group, metadataOf)
    const result = checkVersion(level, candidate, previous, options.policy)
    if (!result.compatible) refuse(refused, findings, result, candidate, previous, subject.dir)
  })
  return report(
    subject.loaded,
    level,
    findings,
    refused,
    subject.loaded.versions.map((v) => v.version),
  )
}

/**
 * Checks a subject against a baseline's versions (the registered history), as the registry would
 * take the workspace's new versions: each version newer than the baseline's newest, in order,
 * against the baseline's versions plus the new versions before it, at `level`. A folder subject
 * also gets a REGISTERED_VERSION_CHANGED finding for each version the baseline has whose schema
 * differs, and a REGISTERED_VERSION_DELETED warning for each it lacks. A subject with no new
 * version (or a single-file subject) has its newest version checked against the baseline's.
 * A subject the baseline lacks is `new` when its own history passes (as `checkOwnHistory`, since
 * its versions will be registered in order), else incompatible. `sameNumbering: false` (a registry,
 * whose version numbers need not match the workspace's files) makes the new versions those whose
 * schema and data contract the baseline does not hold (a registered schema with another contract
 * is a new version, as registering it would make it), and compares no version numbers.
 * With numbering, a registered version whose contract the workspace changed is a
 * REGISTERED_VERSION_CHANGED error, as a changed schema is. With `options.group`, each version is
 * checked against the earlier versions of its compatibility group only.
 */
export function checkSubjectAgainst(
  subject: LocatedSubject,
  baseline: LocatedSubject | undefined,
  level: CompatibilityLevel,
  sameNumbering = true,
  options: ContractCheckOptions = {},
): SubjectReport {
  const findings = invalidFindings(subject)
  const versions = subject.loaded.versions
  const newest = versions[versions.length - 1]
  const refused: RefusedVersion[] = []
  if (baseline === undefined) {
    // Nothing registered yet: its versions will be registered in order, so its own history must hold.
    const out = checkOwnHistory(subject, level, options)
    return out.verdict === 'compatible' ? { ...out, verdict: 'new' } : out
  }
  if (newest === undefined) return report(subject.loaded, level, findings, refused, [])
  findings.push(...invalidFindings(baseline))
  const registered = baseline.loaded.versions
  const sameVersionContract = options.sameContract ?? defaultSameContract(subject, baseline)
  const history = subject.loaded.layout.layout === 'folder' && baseline.loaded.layout.layout === 'folder'
  if (history && sameNumbering) findings.push(...historyFindings(subject, baseline, sameVersionContract))
  const baselineNewest = registered.length === 0 ? 0 : registered[registered.length - 1].version
  const held = (v: SchemaVersion) => registered.some((r) => sameSchema(v, r) === true && sameVersionContract(v.version, r.version))
  const added = !history ? [] : sameNumbering ? versions.filter((v) => v.version > baselineNewest) : versions.filter((v) => !held(v))
  const candidates = added.length > 0 ? added : [newest]
  // Each compared version with its contract: the baseline's as it holds it, the candidates' as the workspace gives it.
  const previous = registered.filter(isValid).map((v) => ({ v, metadata: baseline.contracts?.get(v.version)?.metadata }))
  for (const candidate of candidates.filter(isValid)) {
    const metadata = subject.contracts?.get(candidate.version)?.metadata
    const compared = versionsInCompatibilityGroup(metadata, previous, options.group, (p) => p.metadata).map((p) => p.v)
    const result = checkVersion(level, candidate, compared, options.policy)
    if (!result.compatible) refuse(refused, findings, result, candidate, compared, subject.dir)
    // Later new versions are checked against this one too, as the registry would have it by then.
    previous.push({ v: candidate, metadata })
  }
  return report(
    subject.loaded,
    level,
    findings,
    refused,
    candidates.map((v) => v.version),
  )
}

/** The contracts of two versions are the same, `confluent:version` aside; true when either side's contracts are unknown. */
function defaultSameContract(subject: LocatedSubject, baseline: LocatedSubject): (workspaceVersion: number, baselineVersion: number) => boolean {
  return (w, b) => {
    if (subject.contracts === undefined || baseline.contracts === undefined) return true
    return sameContract(subject.contracts.get(w) ?? {}, baseline.contracts.get(b) ?? {}, { ignoreConfluentVersion: true })
  }
}

/** Registered versions the workspace rewrote (errors: another schema or another data contract) or dropped (warnings), by version number. */
function historyFindings(
  subject: LocatedSubject,
  baseline: LocatedSubject,
  sameVersionContract: (workspaceVersion: number, baselineVersion: number) => boolean,
): CheckFinding[] {
  const current = new Map(subject.loaded.versions.map((v) => [v.version, v]))
  const findings: CheckFinding[] = []
  // A contract changed only through inheritance (the version states the same as before) is reported at the version that changed it.
  let contractChanged = false
  for (const old of baseline.loaded.versions) {
    const now = current.get(old.version)
    const inherited = contractChanged && now !== undefined && sameContract(now.contract?.document ?? {}, old.contract?.document ?? {})
    contractChanged = now !== undefined && !sameVersionContract(now.version, old.version)
    if (now === undefined) {
      findings.push({
        kind: 'incompatible',
        code: registeredVersionDeletedRule.id,
        rule: registeredVersionDeletedRule.id,
        severity: 'warning',
        message: `version ${old.version} is registered (${join(baseline.dir, old.file)}) but its file is gone from the workspace`,
        file: join(baseline.dir, old.file),
        version: old.version,
      })
    } else if (sameSchema(now, old) === false) {
      findings.push({
        kind: 'incompatible',
        code: registeredVersionChangedRule.id,
        rule: registeredVersionChangedRule.id,
        message: `version ${old.version} differs from the registered one (${join(baseline.dir, old.file)}): registered versions cannot change, add a new version instead`,
        file: join(subject.dir, now.file),
        ...(now.text !== undefined ? { line: 1, column: 1 } : {}),
        version: old.version,
        againstVersion: old.version,
      })
    } else if (contractChanged && !inherited) {
      // The registry keys a version by its schema and its contract: a new contract is a new version.
      const file = now.contract?.file ?? old.contract?.file ?? now.file
      findings.push({
        kind: 'incompatible',
        code: registeredVersionChangedRule.id,
        rule: registeredVersionChangedRule.id,
        message: `the data contract of version ${old.version} differs from the registered one (${join(baseline.dir, old.contract?.file ?? old.file)}): registered versions cannot change, give the new contract to a new version (a copy of the schema with its own contract file)`,
        file: join(subject.dir, file),
        line: 1,
        column: 1,
        version: old.version,
        againstVersion: old.version,
      })
    }
  }
  return findings
}

/**
 * Whether two versions hold the same schema: the same type and the format's stored form when both
 * parse (formatting and comments do not count; a registry keeps only that form), else the text;
 * undefined when unknown.
 */
export function sameSchema(a: SchemaVersion, b: SchemaVersion): boolean | undefined {
  if (a.schemaType !== b.schemaType) return false
  // Equal texts are the common case (an untouched file at a git ref): no need to normalize.
  if (a.text !== undefined && a.text === b.text) return true
  if (a.schema !== undefined && b.schema !== undefined) return a.schema.format.canonical(a.schema.value) === b.schema.format.canonical(b.schema.value)
  if (a.text === undefined || b.text === undefined) return undefined
  return a.text === b.text
}

function isValid(version: SchemaVersion): version is ValidVersion {
  return version.schema !== undefined
}

const COMPATIBLE: CompatibilityResult = Object.freeze({ compatible: true, messages: [], failedAgainst: null, incompatibilities: [] })

/**
 * Would the registry accept `candidate` at `level` after `previous` (oldest first)? The versions
 * the level compares with are taken as the registry takes them; those of the candidate's type are
 * checked by its format (`checkParsedCompatibility`), and an older one of another type that the
 * level reaches refuses it with the registry's "different schema type" message.
 */
export function checkVersion(
  level: CompatibilityLevel,
  candidate: ValidVersion,
  previous: readonly ValidVersion[],
  policy?: CompatibilityPolicy,
): CompatibilityResult {
  if (level === 'NONE' || previous.length === 0) return COMPATIBLE
  const offset = level.endsWith('_TRANSITIVE') ? 0 : previous.length - 1
  const chosen = previous.slice(offset)
  let first = chosen.length
  while (first > 0 && chosen[first - 1].schemaType === candidate.schemaType) first--
  const sameType = chosen.slice(first)
  if (sameType.length > 0) {
    const format = candidate.schema.format
    const result = checkParsedCompatibility(
      format,
      level,
      candidate.schema.value,
      sameType.map((v) => v.schema.value),
      { policy, versions: sameType.map((v) => v.version) },
    )
    if (!result.compatible) return { ...result, failedAgainst: result.failedAgainst === null ? null : offset + first + result.failedAgainst }
  }
  if (first === 0) return COMPATIBLE
  const other = chosen[first - 1]
  const text = other.schema.format.canonical(other.schema.value)
  return {
    compatible: false,
    messages: [
      'Incompatible because of different schema type',
      `{oldSchemaVersion: ${other.version}}`,
      `{oldSchema: '${text}'}`,
      `{validateFields: 'false', compatibility: '${level}'}`,
    ],
    failedAgainst: offset + first - 1,
    incompatibilities: [],
  }
}

function report(loaded: LoadedSubject, level: CompatibilityLevel, findings: CheckFinding[], refused: RefusedVersion[], versions: number[]): SubjectReport {
  const blocking = refused.length > 0 || findings.some((f) => f.kind === 'incompatible' && f.severity !== 'warning')
  const verdict = findings.some((f) => f.kind === 'invalid') ? 'invalid' : blocking ? 'incompatible' : 'compatible'
  return { subject: loaded.subject, level, verdict, versions, refused, findings }
}

/** Every layout and file problem of a subject, as findings (`check` and `lint` report the same). */
export function invalidFindings({ loaded, dir }: LocatedSubject): CheckFinding[] {
  const problems = [...loaded.layout.problems, ...loaded.versions.flatMap((v) => v.problems)]
  return problems.map((p) => problemFinding(p, dir))
}

/** A file problem as a check finding, its file shown under the workspace folder as given. */
export function problemFinding(problem: FileProblem, dir: string): CheckFinding {
  return {
    kind: 'invalid',
    code: problem.code,
    message: problem.message,
    file: join(dir, problem.file),
    ...(problem.line !== undefined ? { line: problem.line, column: problem.column } : {}),
    ...(problem.path !== undefined ? { location: problem.path } : {}),
  }
}

/**
 * Records a refused version and one finding per incompatibility, placed in the candidate's file at
 * the offending field or type (for forward findings, Avro's place in the old schema mapped onto
 * the candidate, or its nearest ancestor there).
 */
function refuse(
  refused: RefusedVersion[],
  findings: CheckFinding[],
  result: CompatibilityResult,
  candidate: ValidVersion,
  previous: ValidVersion[],
  candidateDir: string,
): void {
  const against = result.failedAgainst === null ? undefined : previous[result.failedAgainst]
  refused.push({ version: candidate.version, file: join(candidateDir, candidate.file), againstVersion: against?.version ?? null, messages: result.messages })
  // The registry lists one `{errorType:…}` message per incompatibility, in the same order.
  const texts = result.messages.filter((m) => m.startsWith('{errorType:'))
  result.incompatibilities.forEach((inc, i) => {
    // Forward findings are reported by Avro in the old schema (the reader): map them onto the candidate.
    const avro = candidate.parsed as ParsedSchema
    const location =
      inc.direction === 'forward' && against?.parsed !== undefined ? mapReaderPointer(against.parsed.schema, avro.schema, inc.location) : inc.location
    // Inside a type another file defines, the place is in that file, not at the reference.
    const external = definingPlace(candidate, location)
    const text = external ? external.reference.text : candidate.text
    const position = text === undefined ? undefined : locatePointer(text, external?.pointer ?? location)
    findings.push({
      kind: 'incompatible',
      code: inc.type,
      rule: ruleForIncompatibility(inc.type, inc.direction).id,
      message: texts[i] ?? inc.message,
      file: join(candidateDir, external?.reference.file ?? candidate.file),
      ...position,
      location: external?.pointer ?? location,
      ...(location !== inc.location ? { readerLocation: inc.location } : {}),
      version: candidate.version,
      ...(against ? { againstVersion: against.version } : {}),
      direction: inc.direction,
    })
  })
  for (const d of result.differences ?? []) {
    const format = candidate.schema.format
    const position = candidate.text === undefined ? undefined : format.locate(candidate.schema.value, d.path, candidate.text)
    findings.push({
      kind: 'incompatible',
      code: d.type,
      rule: d.type,
      message: format.describe(d, d.direction),
      file: join(candidateDir, candidate.file),
      ...position,
      location: d.path,
      version: candidate.version,
      ...(against ? { againstVersion: against.version } : {}),
      direction: d.direction,
    })
  }
  if (result.incompatibilities.length === 0 && (result.differences ?? []).length === 0) {
    const differentType = against !== undefined && against.schemaType !== candidate.schemaType
    findings.push({
      kind: 'incompatible',
      code: differentType ? 'SCHEMA_TYPE_CHANGED' : 'CHECK_FAILED',
      message: result.messages[0] ?? 'the compatibility check failed',
      file: join(candidateDir, candidate.file),
      version: candidate.version,
      ...(against ? { againstVersion: against.version } : {}),
    })
  }
}

/**
 * Where a pointer into the candidate lands when it goes inside a named type taken from another
 * file: that file's reference and the pointer in it (undefined when it stays in the candidate's file).
 */
function definingPlace(candidate: ValidVersion, pointer: string): { reference: TypeReference; pointer: string } | undefined {
  if (candidate.references.length === 0) return undefined
  const segments = pointerSegments(pointer)
  if (candidate.parsed === undefined) return undefined
  let node: Schema = candidate.parsed.schema
  for (let i = 0; i < segments.length;) {
    const next = childAt(node, segments, i)
    if (next === undefined) return undefined
    const [child, used] = next
    i += used
    const reference = isNamed(child) && i < segments.length ? candidate.references.find((r) => r.name === child.fullName) : undefined
    if (reference !== undefined)
      return {
        reference,
        pointer:
          child.pointer +
          segments
            .slice(i)
            .map((s) => `/${escapePointerSegment(s)}`)
            .join(''),
      }
    node = child
  }
  return undefined
}

/** The schema node that the pointer segments from `i` step into (a field's type, items, values, a union branch) and how many segments that took. */
function childAt(node: Schema, segments: readonly string[], i: number): [Schema, number] | undefined {
  const child =
    node.kind === 'record' && segments[i] === 'fields' && segments[i + 2] === 'type'
      ? node.fields[Number(segments[i + 1])]?.type
      : node.kind === 'array' && segments[i] === 'items'
        ? node.items
        : node.kind === 'map' && segments[i] === 'values'
          ? node.values
          : node.kind === 'union' && /^\d+$/.test(segments[i])
            ? node.types[Number(segments[i])]
            : undefined
  return child === undefined ? undefined : [child, node.kind === 'record' ? 3 : 1]
}
