/**
 * A focused SARIF 2.1.0 validator for tests (no network, no schema package): the properties the
 * OASIS schema requires and the constraints consumers such as GitHub code scanning rely on.
 * Returns the problems found ([] when valid).
 */
export function validateSarif(log: unknown): string[] {
  const problems: string[] = []
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`)
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  const text = (v: unknown, path: string) => (typeof v === 'string' && v !== '' ? true : (fail(path, 'must be a non-empty string'), false))
  const positive = (v: unknown, path: string) => (v === undefined || (Number.isInteger(v) && (v as number) >= 1) ? true : (fail(path, 'must be an integer ≥ 1'), false))
  if (!isObject(log)) return ['(root): must be an object']
  if (log.version !== '2.1.0') fail('version', 'must be "2.1.0"')
  if (log.$schema !== undefined && typeof log.$schema !== 'string') fail('$schema', 'must be a URI string')
  if (!Array.isArray(log.runs)) return [...problems, 'runs: must be an array']
  log.runs.forEach((run: unknown, r) => {
    const at = `runs[${r}]`
    if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver)) return fail(`${at}.tool.driver`, 'is required')
    const driver = run.tool.driver
    text(driver.name, `${at}.tool.driver.name`)
    const rules = (driver.rules ?? []) as unknown[]
    if (!Array.isArray(rules)) return fail(`${at}.tool.driver.rules`, 'must be an array')
    const ids = new Set<string>()
    rules.forEach((rule, i) => {
      const p = `${at}.tool.driver.rules[${i}]`
      if (!isObject(rule)) return fail(p, 'must be an object')
      if (text(rule.id, `${p}.id`)) {
        if (ids.has(rule.id as string)) fail(`${p}.id`, 'is not unique')
        ids.add(rule.id as string)
      }
      for (const key of ['shortDescription', 'fullDescription', 'help'] as const) {
        if (rule[key] !== undefined && (!isObject(rule[key]) || typeof (rule[key] as Record<string, unknown>).text !== 'string')) fail(`${p}.${key}`, 'must be a message with text')
      }
      const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined
      if (level !== undefined && !['none', 'note', 'warning', 'error'].includes(level as string)) fail(`${p}.defaultConfiguration.level`, 'must be none|note|warning|error')
    })
    if (!Array.isArray(run.results)) return fail(`${at}.results`, 'must be an array')
    run.results.forEach((result: unknown, i) => {
      const p = `${at}.results[${i}]`
      if (!isObject(result)) return fail(p, 'must be an object')
      if (!isObject(result.message) || (typeof result.message.text !== 'string' && typeof result.message.id !== 'string')) fail(`${p}.message`, 'needs text or id')
      if (result.level !== undefined && !['none', 'note', 'warning', 'error'].includes(result.level as string)) fail(`${p}.level`, 'must be none|note|warning|error')
      if (result.ruleIndex !== undefined) {
        const rule = rules[result.ruleIndex as number] as Record<string, unknown> | undefined
        if (!Number.isInteger(result.ruleIndex) || rule === undefined) fail(`${p}.ruleIndex`, 'must index tool.driver.rules')
        else if (result.ruleId !== undefined && rule.id !== result.ruleId) fail(`${p}.ruleId`, `differs from rules[${String(result.ruleIndex)}].id`)
      }
      ;((result.locations ?? []) as unknown[]).forEach((location, j) => {
        const l = `${p}.locations[${j}].physicalLocation`
        const physical = isObject(location) ? location.physicalLocation : undefined
        if (!isObject(physical) || !isObject(physical.artifactLocation)) return fail(l, 'needs an artifactLocation')
        const uri = physical.artifactLocation.uri
        if (typeof uri !== 'string' || /[\s\\]/.test(uri)) fail(`${l}.artifactLocation.uri`, 'must be a URI reference')
        if (physical.region !== undefined) {
          const region = physical.region as Record<string, unknown>
          positive(region.startLine, `${l}.region.startLine`)
          positive(region.startColumn, `${l}.region.startColumn`)
        }
      })
      ;((result.suppressions ?? []) as unknown[]).forEach((s, j) => {
        if (!isObject(s) || !['inSource', 'external'].includes(s.kind as string)) fail(`${p}.suppressions[${j}].kind`, 'must be inSource|external')
      })
    })
  })
  return problems
}
