/**
 * Write access to a registry target for the length of a run: the mode the copy needs (IMPORT with
 * ids preserved, READWRITE without) wherever the target's own modes would refuse the writes, and,
 * without id preservation, compatibility NONE on the subjects written. It is decided before the
 * first write from the target's own modes, each previous value journaled before it changes, and
 * restored afterwards: at the end, after a failure or Ctrl-C, or by the next run after a SIGKILL.
 *
 * When the whole registry is copied, the global mode is changed and only the subjects the target
 * lists (those with versions) are asked for a mode of their own beforehand: a mode can also be set
 * on a subject without versions, which no listing shows, and asking each subject in scope would
 * cost a request per subject. Such a subject refuses the first write (42205); it is then given the
 * mode like the others (journaled first) and the write is repeated.
 */
import type { RegistryClient } from '../../registry/client.js'
import { RegistryError, hasRegistryCode } from '../../registry/errors.js'
import type { CompatibilityLevel, ConfigUpdate, Mode, RegistryConfig } from '../../registry/types.js'
import { readConfigMembers } from './contracts.js'
import type { Journal } from './journal.js'
import { mapInOrder } from '../in-order.js'

/** Scope → its own value before the run (`''` the global scope, `:.ctx:` a context, else a subject; null: none of its own). */
export type ModeSnapshot = Record<string, string | null>

/** The target's modes where a run writes. */
export interface TargetModes {
  /** The global mode; undefined when the registry has no mode endpoints (Karapace). */
  global?: string
  /** Own mode (null: none) of each context and subject read. */
  own: Map<string, string | null>
}

/** What a run changes on the target before its first write. */
export interface AccessPlan {
  /** Scope → the mode the copy needs there. */
  modes: Record<string, Mode>
  /** Subject → the level the copy needs there (NONE without id preservation). */
  levels: Record<string, CompatibilityLevel>
  /** The current own values of the scopes and subjects changed. */
  current: { modes: ModeSnapshot; levels: ModeSnapshot }
  /** The mode writes need (IMPORT with ids preserved, READWRITE without); undefined on a target without modes. */
  wanted?: Mode
  /** Whether subjects not asked beforehand get `wanted` when their own mode refuses a write (the whole registry is copied). */
  lazy?: boolean
}

/** The context scope (`:.ctx:`) of a subject in a named context, else undefined. */
function contextOf(subject: string): string | undefined {
  return /^(:\.[^:]*:)/.exec(subject)?.[1]
}

/**
 * Reads the target's global mode and the own mode of each of `contexts` (`:.ctx:`, see
 * `contextScopes`) and of `asked` (one GET each, `defaultToGlobal=false`: a scope without a mode
 * answers 404), `concurrency` at a time. A registry without mode endpoints has none: `global` undefined.
 */
export async function readTargetModes(client: RegistryClient, contexts: string[], asked: string[], concurrency: number): Promise<TargetModes> {
  let global: string
  try {
    global = (await client.getMode()).mode
  } catch (err) {
    if (isModeUnsupported(err)) return { own: new Map() }
    throw err
  }
  const scopes = [...contexts, ...asked]
  const own = new Map<string, string | null>()
  await mapInOrder(
    scopes,
    (scope) => ownMode(client, scope),
    (mode, scope) => void own.set(scope, mode),
    { concurrency },
  )
  return { global, own }
}

/**
 * Reads each subject's own config (null: none), `concurrency` at a time: its level for the run's
 * changes (`ownLevels`), its contract members for the plan of a copy without id preservation.
 */
export async function readOwnConfigs(client: RegistryClient, subjects: string[], concurrency: number): Promise<Map<string, RegistryConfig | null>> {
  const read = new Map<string, RegistryConfig | null>()
  const own = (subject: string) =>
    client.getConfig(subject, { defaultToGlobal: false }).catch((err: unknown) => {
      if (hasRegistryCode(err, 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return null
      throw err
    })
  await mapInOrder(subjects, own, (config, subject) => void read.set(subject, config), { concurrency })
  return read
}

/** Each subject's own compatibility level (null: none) in `configs`. */
export function ownLevels(configs: ReadonlyMap<string, RegistryConfig | null>): ModeSnapshot {
  return Object.fromEntries([...configs].map(([subject, config]) => [subject, config?.compatibilityLevel ?? null]))
}

/**
 * The changes a run needs to write `subjects` (every subject in scope: versions and settings):
 * the mode `wanted` (IMPORT with ids preserved, READWRITE without) on the whole target, plus every
 * context and subject read whose own mode would override it, when the whole registry is copied;
 * on each subject whose effective mode (own, else its context's, else the global one) is not
 * `wanted` otherwise (then every subject in scope must have been read). `relax` get level NONE
 * (`levels` their current ones). A target without mode endpoints gets no mode change (throws
 * MODE_UNSUPPORTED when ids are preserved: that needs IMPORT).
 */
export function planAccess(
  client: RegistryClient,
  modes: TargetModes,
  subjects: string[],
  options: { preserveIds: boolean; scoped: boolean; relax: string[]; levels: ModeSnapshot },
): AccessPlan {
  const plan: AccessPlan = { modes: {}, levels: {}, current: { modes: {}, levels: {} } }
  for (const subject of options.relax) {
    plan.levels[subject] = 'NONE'
    plan.current.levels[subject] = options.levels[subject] ?? null
  }
  if (modes.global === undefined) {
    if (!options.preserveIds) return plan
    throw new RegistryError(
      'MODE_UNSUPPORTED',
      `The target registry ${client.url} has no mode endpoints (Karapace?), so schema ids cannot be preserved there`,
      { url: client.url },
      {
        hint: 'Re-run with --no-preserve-ids: schemas are registered anew and an old-id → new-id mapping file is written.',
      },
    )
  }
  const wanted: Mode = options.preserveIds ? 'IMPORT' : 'READWRITE'
  plan.wanted = wanted
  const change = (scope: string, mode: string | null) => {
    plan.modes[scope] = wanted
    plan.current.modes[scope] = mode
  }
  if (!options.scoped) {
    plan.lazy = true
    if (modes.global !== wanted) change('', modes.global)
    for (const [scope, mode] of modes.own) if (mode !== null && mode !== wanted) change(scope, mode)
    return plan
  }
  for (const subject of subjects) {
    const own = modes.own.get(subject) ?? null
    const context = contextOf(subject)
    const effective = own ?? (context === undefined ? null : (modes.own.get(context) ?? null)) ?? modes.global
    if (effective !== wanted) change(subject, own)
  }
  return plan
}

/** In words, for the plan: what `plan` changes during the copy (empty when nothing). */
export function describeAccess(plan: AccessPlan): string[] {
  const out: string[] = []
  const scopes = Object.keys(plan.modes)
  if (scopes.length) {
    const mode = Object.values(plan.modes)[0]
    const named = scopes.filter((s) => s !== '')
    const own = named.filter((s) => plan.current.modes[s] !== null)
    const list = (xs: string[]) =>
      `${xs
        .slice(0, 5)
        .map((s) => `${s}${plan.current.modes[s] ? ` (${plan.current.modes[s]})` : ''}`)
        .join(', ')}${xs.length > 5 ? ` and ${xs.length - 5} more` : ''}`
    const where = [
      ...(scopes.includes('') ? [`the whole target (now ${plan.current.modes['']})`] : []),
      ...(own.length ? [`${own.length} ${own.length === 1 ? 'scope' : 'scopes'} with a mode of ${own.length === 1 ? 'its' : 'their'} own: ${list(own)}`] : []),
      ...(named.length > own.length ? [`${named.length - own.length} subject${named.length - own.length === 1 ? '' : 's'} in scope`] : []),
    ]
    out.push(`${mode} on ${where.join(', and on ')} during the copy, then the source modes copied and the previous modes restored`)
  }
  if (plan.lazy) out.push(`a subject without versions on the target whose own mode refuses a write gets ${plan.wanted} then, journaled and restored alike`)
  const relaxed = Object.keys(plan.levels).length
  if (relaxed)
    out.push(
      `compatibility NONE on the ${relaxed} subject${relaxed === 1 ? '' : 's'} written during the copy, then the source levels copied and the previous levels restored where the source has none`,
    )
  return out
}

/**
 * The changes in force: applied by `enter`, undone by `restore`. Values an interrupted run
 * journaled win over the current ones (the current ones are that run's changes).
 */
export class TargetAccess {
  /** Scope → mode to restore. */
  modes: ModeSnapshot = {}
  /** Subject → level to restore. */
  levels: ModeSnapshot = {}
  private levelsRestored = false
  private wanted: Mode | undefined
  // Subjects given the mode after they refused a write (or found not to need it): one attempt each.
  private readonly granted = new Map<string, Promise<boolean>>()

  constructor(
    private readonly client: RegistryClient,
    private readonly journal: Journal,
    private readonly concurrency: number,
  ) {}

  /**
   * Journals the previous values (before any change), then writes the modes (the global one first)
   * and the levels. When the first write fails and no earlier run left changes, the journal entry
   * is withdrawn: nothing changed, nothing to restore.
   */
  async enter(plan: AccessPlan): Promise<void> {
    this.wanted = plan.wanted
    const pendingBefore = this.journal.pendingRestore
    this.modes = { ...plan.current.modes, ...this.journal.pendingModes }
    this.levels = { ...plan.current.levels, ...this.journal.pendingLevels }
    if (Object.keys(this.modes).length) this.journal.recordModes(this.modes)
    if (Object.keys(this.levels).length) this.journal.recordLevels(this.levels)
    const modeWrites = Object.entries(plan.modes).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : 0))
    const apply = ([scope, mode, level]: Change): Promise<void> =>
      mode !== undefined
        ? this.client.setMode(scope || undefined, mode, { force: true }).then(() => undefined)
        : this.writable(scope, () => this.client.setConfig(scope, { compatibility: level! })).then(() => undefined)
    // The changes one by one as they are written (without id preservation, a level for each subject written: no closure or promise each).
    const changes = (function* (): Generator<Change> {
      for (const [scope, mode] of modeWrites) yield [scope, mode, undefined]
      for (const [subject, level] of Object.entries(plan.levels)) yield [subject, undefined, level]
    })()
    const first = changes.next()
    if (first.done) return
    try {
      await apply(first.value)
    } catch (err) {
      if (!pendingBefore) {
        this.journal.recordRestored()
        this.modes = {}
        this.levels = {}
      }
      throw err
    }
    await mapInOrder(changes, apply, () => undefined, { concurrency: this.concurrency })
  }

  /**
   * Runs `write` (a write to `subject`); when the registry refuses it as not permitted (42205) and
   * the subject turns out to have a mode of its own other than the one the run needs, the subject
   * is given that mode (its mode journaled first) and `write` runs once more.
   */
  async writable<T>(subject: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write()
    } catch (err) {
      if (!hasRegistryCode(err, 'OPERATION_NOT_PERMITTED') || !(await this.grant(subject))) throw err
      return write()
    }
  }

  private grant(subject: string): Promise<boolean> {
    let pending = this.granted.get(subject)
    if (pending === undefined) {
      pending = (async () => {
        const wanted = this.wanted
        if (wanted === undefined || subject in this.modes) return false
        const own = await ownMode(this.client, subject)
        if (own === null || own === wanted) return false
        this.modes[subject] = own
        this.journal.recordModes(this.modes)
        await this.client.setMode(subject, wanted, { force: true })
        return true
      })()
      this.granted.set(subject, pending)
    }
    return pending
  }

  /** Whether anything is to be restored. */
  get changed(): boolean {
    return Object.keys(this.modes).length > 0 || Object.keys(this.levels).length > 0
  }

  /**
   * Restores the previous levels except for the subjects in `keep` (the source's were copied). A
   * subject that had no level of its own loses the one the run set: its config is deleted (the
   * only way to unset a level) and its other members (contract defaults, a group, …) are put back.
   * Every one is tried; resolves to those that failed.
   */
  async restoreLevels(keep: ReadonlySet<string>): Promise<RestoreFailure[]> {
    const client = this.client
    const unset = async (subject: string) => {
      const own = await client.getConfig(subject, { defaultToGlobal: false }).catch((err: unknown) => (missing(err), undefined))
      const members = readConfigMembers(own)
      await client.deleteConfig(subject).then(() => undefined, missing)
      if (members !== undefined) await client.setConfig(subject, members as ConfigUpdate)
    }
    const levels = Object.entries(this.levels).filter(([subject]) => !keep.has(subject))
    const setBack = ([subject, level]: [string, string | null]) =>
      level !== null ? client.setConfig(subject, { compatibility: level as CompatibilityLevel }).then(() => undefined) : unset(subject)
    const failures = await tryEach('level', levels, setBack, this.concurrency)
    this.levelsRestored = failures.length === 0
    return failures
  }

  /**
   * Restores what is left to restore: the levels (see `restoreLevels`), then the previous modes
   * (deleting those that did not exist; subjects and contexts before the global mode) except in
   * the scopes of `keep.modes` (the source's were copied). Every one is tried, and resolves to
   * those that failed; only when none did is the restore recorded in the journal, so that the
   * next run of the same command restores the rest.
   */
  async restore(keep: { modes: ReadonlySet<string>; levels: ReadonlySet<string> }): Promise<RestoreFailure[]> {
    const failures = this.levelsRestored ? [] : await this.restoreLevels(keep.levels)
    const client = this.client
    const modes = Object.entries(this.modes).filter(([scope]) => !keep.modes.has(scope))
    const setBack = ([scope, mode]: [string, string | null]) =>
      mode !== null
        ? client.setMode(scope || undefined, mode as Mode, { force: true }).then(() => undefined)
        : client.deleteMode(scope || undefined).then(() => undefined, missing)
    const scoped = modes.filter(([scope]) => scope !== '')
    failures.push(...(await tryEach('mode', scoped, setBack, this.concurrency)))
    const global = modes.filter(([scope]) => scope === '')
    failures.push(...(await tryEach('mode', global, setBack, 1)))
    if (failures.length === 0) this.journal.recordRestored()
    return failures
  }
}

/** A previous mode or level of the target that could not be written back. */
export interface RestoreFailure {
  /** The subject or context, `''` for the global one. */
  scope: string
  setting: 'mode' | 'level'
  /** The value it should have again; null: none of its own (it was to be deleted). */
  previous: string | null
  error: string
}

/** One change `TargetAccess.enter` writes: a scope and its mode, or a subject and its level. */
type Change = [scope: string, mode: Mode | undefined, level: CompatibilityLevel | undefined]

// Tries `setBack` on every entry, `concurrency` at a time (no promise per entry held at once); resolves to those that failed, in order.
async function tryEach(
  setting: RestoreFailure['setting'],
  entries: Array<[string, string | null]>,
  setBack: (entry: [string, string | null]) => Promise<void>,
  concurrency: number,
): Promise<RestoreFailure[]> {
  const failures: RestoreFailure[] = []
  await mapInOrder(
    entries,
    (entry) =>
      setBack(entry).then(
        () => undefined,
        (err: unknown) => (err instanceof Error ? err.message : String(err)),
      ),
    (error, [scope, previous]) => void (error !== undefined && failures.push({ scope, setting, previous, error })),
    { concurrency },
  )
  return failures
}

// A level or mode already gone is restored.
function missing(err: unknown): void {
  if (!hasRegistryCode(err, 'SUBJECT_MODE_NOT_FOUND', 'SUBJECT_CONFIG_NOT_FOUND', 'SUBJECT_NOT_FOUND')) throw err
}

async function ownMode(client: RegistryClient, scope: string): Promise<string | null> {
  try {
    return (await client.getMode(scope, { defaultToGlobal: false })).mode
  } catch (err) {
    if (hasRegistryCode(err, 'SUBJECT_MODE_NOT_FOUND', 'SUBJECT_NOT_FOUND')) return null
    throw err
  }
}

/** Whether `err` says the registry has no mode endpoints: Karapace answers 404 (or 405); a subject's missing mode is 40409/40401, not this. */
export function isModeUnsupported(err: unknown): err is RegistryError {
  return err instanceof RegistryError && (err.status === 405 || (err.status === 404 && err.details.errorCode === 404))
}
