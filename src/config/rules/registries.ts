import type { RegistryProfileConfig } from '../registry-profile.js'
import { describeType, describeValue, isPlainObject, unknownKeyMessage, type KeyRule, type RuleContext } from './rule.js'

type FieldCheck = (value: unknown, path: string, context: RuleContext) => boolean
/** How a wrong value is shown: in full, or only its type when it may hold a secret. */
type Describe = (value: unknown) => string

/** Header names whose values are credentials (their wrong values are described by type only). */
const SECRET_HEADER = /auth|token|secret|key|password|cookie/i

const stringOf =
  (describe: Describe): FieldCheck =>
  (v, path, c) =>
    typeof v === 'string' || (c.error(path, `expected a string, got ${describe(v)}`), false)
const isString = stringOf(describeValue)
const isSecretString = stringOf(describeType)
/** Milliseconds: positive, and no more than Node's longest timer (2^31−1; a longer one fires at once). */
const isPositive: FieldCheck = (v, path, c) =>
  (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 2 ** 31 - 1) ||
  (c.error(path, `expected a positive number of milliseconds up to 2147483647, got ${describeValue(v)}`), false)
const isCount: FieldCheck = (v, path, c) =>
  (Number.isInteger(v) && (v as number) >= 0) || (c.error(path, `expected a non-negative integer, got ${describeValue(v)}`), false)
// URLs may carry credentials (https://user:pass@host), so a wrong list is described by type only.
const isUrlList: FieldCheck = (v, path, c) =>
  (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) ||
  (c.error(path, `expected a non-empty array of URLs, got ${describeType(v)}`), false)
const objectOf =
  (fields: Record<string, FieldCheck>, required: string[] = [], describe: Describe = describeValue): FieldCheck =>
  (v, path, c) => {
    if (!isPlainObject(v)) return (c.error(path, `expected an object, got ${describe(v)}`), false)
    let ok = true
    for (const key of required) if (!(key in v)) ok = (c.error(`${path}.${key}`, 'is required'), false)
    for (const [key, value] of Object.entries(v)) {
      const check = fields[key]
      if (check === undefined) c.warn(`${path}.${key}`, unknownKeyMessage(key, Object.keys(fields)))
      else ok = check(value, `${path}.${key}`, c) && ok
    }
    return ok
  }
const isBoolean: FieldCheck = (v, path, c) => typeof v === 'boolean' || (c.error(path, `expected true or false, got ${describeValue(v)}`), false)
const isHeaders: FieldCheck = (v, path, c) => {
  if (!isPlainObject(v)) return (c.error(path, `expected an object of header names to values, got ${describeType(v)}`), false)
  return Object.entries(v).reduce((ok, [k, x]) => (SECRET_HEADER.test(k) ? isSecretString : isString)(x, `${path}.${k}`, c) && ok, true)
}

/** The keys of a registry profile and how each is checked (strings may hold `${ENV_VAR}`). */
const PROFILE_FIELDS: Record<keyof RegistryProfileConfig, FieldCheck> = {
  url: isSecretString,
  urls: isUrlList,
  userInfo: isSecretString,
  basicAuth: objectOf({ username: isString, password: isSecretString }, ['username', 'password'], describeType),
  bearerToken: isSecretString,
  oauth: objectOf(
    { tokenUrl: isSecretString, clientId: isString, clientSecret: isSecretString, scope: isString },
    ['tokenUrl', 'clientId', 'clientSecret'],
    describeType,
  ),
  logicalCluster: isString,
  identityPoolId: isString,
  tls: objectOf({ ca: isString, cert: isString, key: isString, insecure: isBoolean }),
  headers: isHeaders,
  timeoutMs: isPositive,
  connectTimeoutMs: isPositive,
  retries: isCount,
}

/** `registries`: named registry connection profiles (`--registry <name>`). */
export const registriesRule: KeyRule<'registries'> = {
  key: 'registries',
  purpose: 'Named registry profiles: { "<name>": { "url": "https://…", "basicAuth": {…} | "bearerToken" | "oauth": {…}, "tls": {…}, … } }.',
  defaultValue: () => ({}),
  validate(value, context) {
    if (!isPlainObject(value)) {
      context.error('registries', `expected an object of profile names, got ${describeType(value)}`)
      return {}
    }
    const out: Record<string, RegistryProfileConfig> = {}
    for (const [name, profile] of Object.entries(value)) {
      const path = `registries.${name}`
      if (!objectOf(PROFILE_FIELDS, [], describeType)(profile, path, context)) continue
      const p = profile as RegistryProfileConfig
      if (p.url === undefined && p.urls === undefined) context.error(`${path}.url`, 'is required (or urls)')
      out[name] = p
    }
    return out
  },
}
