// Prints vitest's JSON report as the plain closing line CI reads: "N passed, N failed[, N skipped]".
// A second argument counts checks run before the tests that failed (`npm run lint` in .ci/run).
import { readFileSync } from 'node:fs'

let report
try {
  report = JSON.parse(readFileSync(process.argv[2], 'utf8'))
} catch (err) {
  console.error(`no test report at ${process.argv[2]}: ${err.message}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const failedSuites = report.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length
const failed = report.numFailedTests + failedSuites + (Number(process.argv[3]) || 0)
const skipped = report.numPendingTests + report.numTodoTests
console.log(`${report.numPassedTests} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''))
process.exit(failed > 0 || report.numTotalTests === 0 ? 1 : 0)
