/**
 * Runs `work` on each item of `items` (an iterable or async iterable), at most `concurrency` at
 * once, and hands each result to `emit` in the items' order. At most `window` results are held
 * (running or waiting for an earlier one), so memory stays bounded however many items there are.
 * The first failure stops the run and is thrown once the running work has settled.
 */
export async function mapInOrder<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  work: (item: T) => Promise<R>,
  emit: (result: R, item: T) => void | Promise<void>,
  options: { concurrency: number; window?: number },
): Promise<void> {
  // Loaded on first use: `check` imports this module on every run, and uses it only against a baseline.
  const { default: pLimit } = await import('p-limit')
  const limit = pLimit(options.concurrency)
  const window = Math.max(options.window ?? options.concurrency * 4, options.concurrency)
  const pending: Array<{ item: T; result: Promise<R> }> = []
  let stopped = false
  const settle = async () => {
    const head = pending.shift()!
    await emit(await head.result, head.item)
  }
  try {
    for await (const item of items) {
      // After a failure, work still queued is skipped rather than run.
      const result = limit(() => (stopped ? Promise.reject(new Error('stopped')) : work(item)))
      // Settled later, in order; a rejection seen here first must not count as unhandled.
      result.catch(() => undefined)
      pending.push({ item, result })
      if (pending.length >= window) await settle()
    }
    while (pending.length > 0) await settle()
  } finally {
    stopped = true
    await Promise.allSettled(pending.map((p) => p.result))
  }
}
