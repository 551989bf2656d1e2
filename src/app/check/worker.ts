// A check worker thread (started by threads.ts, before the workspace is listed): loads its modules,
// waits for its work, opens the workspace itself with the layout it is sent, then checks batches of
// subjects taken from the shared counter until none is left, posting each batch's outcomes. It
// imports only what checking a subject needs; the main thread renders the report.
import { parentPort, workerData } from 'node:worker_threads'
import { levelForSubject, schemaTypeForSubject } from '../../config/subject-level.js'
import { SchemactlError } from '../../errors.js'
import { openWorkspace } from '../../workspace/workspace.js'
import { CheckCache } from './cache.js'
import { unpackLayout } from './layout-message.js'
import type { CheckWorkerData, CheckWorkerMessage, CheckWorkerStart } from './threads.js'
import { subjectChecker } from './workspace-subject.js'

const post = (message: CheckWorkerMessage) => parentPort?.postMessage(message)

async function run(input: CheckWorkerStart, next: Int32Array): Promise<void> {
  const { config, dir, selected } = input
  const layout = unpackLayout(input.layout)
  // Taken before openWorkspace, which sorts the subjects' .json files again (and could drop one changed since): the indexes are into this list.
  const subjects = layout.subjects
  const workspace = await openWorkspace(dir, {
    layout,
    followExternalLinks: input.followExternalLinks,
    schemaTypeOf: (subject) => schemaTypeForSubject(config, subject),
  })
  const cache = input.cache === undefined ? undefined : new CheckCache(input.cache)
  const check = subjectChecker({ dir, workspace, config, levelOf: (subject) => input.level ?? levelForSubject(config, subject), cache })
  const batches = Math.ceil(selected.length / input.batch)
  for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) {
    const start = b * input.batch
    const outcomes = []
    for (const i of selected.subarray(start, start + input.batch)) outcomes.push(await check(subjects[i]))
    post({ kind: 'batch', start, outcomes })
  }
  cache?.finish()
  post({ kind: 'done' })
}

const next = new Int32Array((workerData as CheckWorkerData).next)
parentPort?.once('message', (input: CheckWorkerStart) => {
  run(input, next).catch((err: unknown) => {
    const error =
      err instanceof SchemactlError
        ? { kind: err.kind, message: err.message, code: err.code, hint: err.hint }
        : { kind: 'unknown' as const, message: err instanceof Error ? err.message : String(err) }
    post({ kind: 'failed', error })
  })
})
