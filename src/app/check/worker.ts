// A check worker thread (started by threads.ts, before the workspace is listed): loads its modules,
// waits for its work, opens the workspace itself with the layout it is sent, then checks batches of
// subjects taken from the shared counter until none is left, posting each batch's outcomes. It
// imports only what checking a subject needs; the main thread renders the report.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { levelForSubject, schemaTypeForSubject } from '../../config/subject-level.js'
import { SchemactlError } from '../../errors.js'
import { openWorkspace } from '../../workspace/workspace.js'
import { CheckCache } from './cache.js'
import { unpackLayout } from './layout-message.js'
import type { CheckWorkerData, CheckWorkerListing, CheckWorkerMessage, CheckWorkerStart } from './threads.js'
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
  const cache = input.cache === undefined ? undefined : new CheckCache(input.cache, dir)
  const check = subjectChecker({ dir, workspace, config, levelOf: (subject) => input.level ?? levelForSubject(config, subject), cache })
  const batches = Math.ceil(selected.length / input.batch)
  for (let b = Atomics.add(next, 0, 1); b < batches; b = Atomics.add(next, 0, 1)) {
    const start = b * input.batch
    const outcomes = []
    for (const i of selected.subarray(start, start + input.batch)) outcomes.push(await check(subjects[i]))
    post({ kind: 'batch', start, outcomes })
  }
  post({ kind: 'done' })
}

/** Lists `folders` from the last one back until the main thread, listing from the first, has reached it (see CheckWorkers.listAhead). */
function listAhead({ root, folders, reached, port }: CheckWorkerListing): void {
  const at = new Int32Array(reached)
  let batch: Array<[number, string[]]> = []
  for (let i = folders.length - 1; i > Atomics.load(at, 0) + 1; i--) {
    try {
      batch.push([i, readdirSync(join(root, folders[i]))])
    } catch {
      // The main thread lists it again and reports its problem.
    }
    if (batch.length === 32) {
      port.postMessage(batch)
      batch = []
    }
  }
  if (batch.length > 0) port.postMessage(batch)
  port.close()
}

const next = new Int32Array((workerData as CheckWorkerData).next)
const received = (message: CheckWorkerListing | CheckWorkerStart) => {
  if ('kind' in message) return listAhead(message)
  // The work, the last message: without a listener the worker ends when its work is done.
  parentPort?.off('message', received)
  run(message, next).catch((err: unknown) => {
    const error =
      err instanceof SchemactlError
        ? { kind: err.kind, message: err.message, code: err.code, hint: err.hint }
        : { kind: 'unknown' as const, message: err instanceof Error ? err.message : String(err) }
    post({ kind: 'failed', error })
  })
}
parentPort?.on('message', received)
