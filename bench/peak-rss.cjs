// Preloaded (NODE_OPTIONS=--require) into a process a benchmark spawns: at exit, appends the
// process's peak resident memory in kilobytes to the file named by SCHEMACTL_BENCH_RSS_FILE, and
// its CPU time (user + system) in milliseconds to SCHEMACTL_BENCH_CPU_FILE when that is set.
const { appendFileSync } = require('node:fs')
const file = process.env.SCHEMACTL_BENCH_RSS_FILE
const cpuFile = process.env.SCHEMACTL_BENCH_CPU_FILE
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`))
if (cpuFile)
  process.on('exit', () => {
    const usage = process.resourceUsage()
    appendFileSync(cpuFile, `${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`)
  })
