// A check worker thread (started by threads.ts): opens the workspace itself, then checks
// batches of subjects taken from the shared counter until none is left, posting each batch's
// outcomes. It imports only what checking a subject needs; the main thread renders the report.
import { parentPort, workerData } from 'node:worker_threads'
import { levelForSubject, schemaTypeForSubject } from '../../config/subject-level.js'
import { SchemactlError } from '../../errors.js'
import type { WorkspaceLayout } from '../../workspace/layout.js'
import { openWorkspace } from '../../workspace/workspace.js'
import { CheckCache } from './cache.js'
import type { CheckWorkerInput, CheckWorkerMessage } from './threads.js'
import { subjectChecker } from './workspace-subject.js'

const post = (message: CheckWorkerMessage) => parentPort?.postMessage(message)

async function run(input: CheckWorkerInput): Promise<void> {
  const { config, dir } = input
  const { layout, selected } = JSON.parse(input.subjects) as { layout: WorkspaceLayout; selected: number[] }
  // Taken before openWorkspace, which sorts the subjects' .json files again (and could drop one changed since): the indexes are into this list.
  const subjects = layout.subjects
  const workspace = await openWorkspace(dir, {
    layout,
    followExternalLinks: input.followExternalLinks,
    schemaTypeOf: (subject) => schemaTypeForSubject(config, subject),
  })
  const cache = input.cache === undefined ? undefined : new CheckCache(input.cache, dir)
  const check = subjectChecker({ dir, workspace, config, levelOf: (subject) => input.level ?? levelForSubject(config, subject), cache })
  const next = new Int32Array(input.next)
  const batches = Math.ceil(selected.length / input.batch)
  for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) {
    const start = b * input.batch
    const outcomes = []
    for (const i of selected.slice(start, start + input.batch)) outcomes.push(await check(subjects[i]))
    post({ kind: 'batch', start, outcomes })
  }
  post({ kind: 'done' })
}

run(workerData as CheckWorkerInput).catch((err: unknown) => {
  const error =
    err instanceof SchemactlError
      ? { kind: err.kind, message: err.message, code: err.code, hint: err.hint }
      : { kind: 'unknown' as const, message: err instanceof Error ? err.message : String(err) }
  post({ kind: 'failed', error })
})
