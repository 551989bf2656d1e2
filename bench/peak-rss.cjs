// Preloaded (NODE_OPTIONS=--require) into a process a benchmark spawns: at exit, appends the
// process's peak resident memory in kilobytes and its CPU time (user + system) in milliseconds, as
// one line `<kB> <ms>`, to the file named by SCHEMACTL_BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs')
const file = process.env.SCHEMACTL_BENCH_RSS_FILE
if (file)
  process.on('exit', () => {
    const usage = process.resourceUsage()
    appendFileSync(file, `${usage.maxRSS} ${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`)
  })
