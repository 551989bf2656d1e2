import type { RegistryProfileConfig } from '../registry-profile.js'
import { describeValue, isPlainObject, type KeyRule, type RuleContext } from './rule.js'

type FieldCheck = (value: unknown, path: string, context: RuleContext) => boolean

const isString: FieldCheck = (v, path, c) => typeof v === 'string' || (c.error(path, `expected a string, got ${describeValue(v)}`), false)
const isPositive: FieldCheck = (v, path, c) =>
  (typeof v === 'number' && Number.isFinite(v) && v > 0) || (c.error(path, `expected a positive number, got ${describeValue(v)}`), false)
const isCount: FieldCheck = (v, path, c) => (Number.isInteger(v) && (v as number) >= 0) || (c.error(path, `expected a non-negative integer, got ${describeValue(v)}`), false)
const isStringList: FieldCheck = (v, path, c) =>
  (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) || (c.error(path, `expected a non-empty array of URLs, got ${describeValue(v)}`), false)
const objectOf =
  (fields: Record<string, FieldCheck>, required: string[] = []): FieldCheck =>
  (v, path, c) => {
    if (!isPlainObject(v)) return c.error(path, `expected an object, got ${describeValue(v)}`), false
    let ok = true
    for (const key of required) if (!(key in v)) ok = (c.error(`${path}.${key}`, 'is required'), false)
    for (const [key, value] of Object.entries(v)) {
      const check = fields[key]
      if (check === undefined) c.warn(`${path}.${key}`, `unknown key (known: ${Object.keys(fields).join(', ')}); ignored`)
      else ok = check(value, `${path}.${key}`, c) && ok
    }
    return ok
  }
const isBoolean: FieldCheck = (v, path, c) => typeof v === 'boolean' || (c.error(path, `expected true or false, got ${describeValue(v)}`), false)
const isHeaders: FieldCheck = (v, path, c) => {
  if (!isPlainObject(v)) return c.error(path, `expected an object of header names to values, got ${describeValue(v)}`), false
  return Object.entries(v).every(([k, x]) => isString(x, `${path}.${k}`, c))
}

/** The keys of a registry profile and how each is checked (strings may hold `${ENV_VAR}`). */
const PROFILE_FIELDS: Record<keyof RegistryProfileConfig, FieldCheck> = {
  url: isString,
  urls: isStringList,
  userInfo: isString,
  basicAuth: objectOf({ username: isString, password: isString }, ['username', 'password']),
  bearerToken: isString,
  oauth: objectOf({ tokenUrl: isString, clientId: isString, clientSecret: isString, scope: isString }, ['tokenUrl', 'clientId', 'clientSecret']),
  logicalCluster: isString,
  identityPoolId: isString,
  tls: objectOf({ ca: isString, cert: isString, key: isString, insecure: isBoolean }),
  headers: isHeaders,
  timeoutMs: isPositive,
  retries: isCount,
}

/** `registries`: named registry connection profiles (`--registry <name>`). */
export const registriesRule: KeyRule<'registries'> = {
  key: 'registries',
  purpose: 'Named registry profiles: { "<name>": { "url": "https://…", "basicAuth": {…} | "bearerToken" | "oauth": {…}, "tls": {…}, … } }.',
  defaultValue: () => ({}),
  validate(value, context) {
    if (!isPlainObject(value)) {
      context.error('registries', `expected an object of profile names, got ${describeValue(value)}`)
      return {}
    }
    const out: Record<string, RegistryProfileConfig> = {}
    for (const [name, profile] of Object.entries(value)) {
      const path = `registries.${name}`
      if (!objectOf(PROFILE_FIELDS)(profile, path, context)) continue
      const p = profile as RegistryProfileConfig
      if (p.url === undefined && p.urls === undefined) context.error(`${path}.url`, 'is required (or urls)')
      out[name] = p
    }
    return out
  },
}
