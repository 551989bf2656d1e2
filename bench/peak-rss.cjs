// Preloaded (NODE_OPTIONS=--require) into a process a benchmark spawns: at exit, appends the
// process's peak resident memory in kilobytes to the file named by SCHEMACTL_BENCH_RSS_FILE.
const { appendFileSync } = require('node:fs')
const file = process.env.SCHEMACTL_BENCH_RSS_FILE
if (file) process.on('exit', () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`))
