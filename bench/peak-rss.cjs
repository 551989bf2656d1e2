// Preloaded (NODE_OPTIONS=--require) into a process a benchmark spawns: at exit, appends the
// process's peak resident memory in kilobytes and its CPU time (user + system) in milliseconds, as
// one line `<kB> <ms>`, to the file named by SCHEMACTL_BENCH_RSS_FILE. Run with --expose-gc and
// SCHEMACTL_BENCH_HEAP_FILE set, it also appends the largest heap live after a full collection,
// sampled every 5 s, in bytes: what the process held at once, apart from garbage V8 had not
// collected yet (peak RSS counts that garbage too; the collections cost a few percent of the time).
const { appendFileSync } = require('node:fs')
const file = process.env.SCHEMACTL_BENCH_RSS_FILE
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage()
    appendFileSync(file, `${usage.maxRSS} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`)
  })
const heapFile = process.env.SCHEMACTL_BENCH_HEAP_FILE
if (heapFile && typeof global.gc === 'function') {
  let largest = 0
  const sample = () => {
    global.gc()
    largest = Math.max(largest, process.memoryUsage().heapUsed)
  }
  setInterval(sample, 5000).unref()
  process.on('exit', () => appendFileSync(heapFile, `${largest}\n`))
}
