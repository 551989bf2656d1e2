/**
 * `migrate` carries data contracts, against real `serve` instances: each version's metadata and
 * rule set and each scope's config members (global, context, subject) end byte for byte on the
 * target, registry → registry (ids preserved or not), registry → folder → registry and folder →
 * folder, with `--verify`; a target that cannot store contracts (a proxy in front of serve that
 * behaves as a registry from before contracts) is refused before any write, and `--drop-contracts`
 * proceeds with a warning; a workspace with contract files lands in a registry that
 * `check --against registry` then agrees with.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import Migrate from '../../src/commands/migrate.js'
import { makeTempDir, startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from '../commands/run-command.js'
import { folderBytes, registryState } from './registry-state.js'

let work: { dir: string; remove: () => void }
let cwd: string
const closers: Array<() => Promise<void> | void> = []
beforeEach(() => {
  work = makeTempDir('schemactl-contracts-migrate-')
  cwd = process.cwd()
  process.chdir(work.dir)
  process.env.XDG_STATE_HOME = work.dir
})
afterEach(async () => {
  delete process.env.XDG_STATE_HOME
  process.chdir(cwd)
  await Promise.all(closers.splice(0).map((close) => close()))
  work.remove()
})

async function registry(): Promise<TestRegistry> {
  const r = await startTestRegistry()
  closers.push(() => r.close())
  return r
}

const migrate = (...args: string[]) => runCommand(Migrate, args)

/** One request to a registry, its answer's status and JSON (raw: members in the order the registry sent them). */
async function api(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const reply = await fetch(url + path, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await reply.text()
  return { status: reply.status, json: text ? JSON.parse(text) : undefined }
}

async function ok(url: string, method: string, path: string, body?: unknown): Promise<any> {
  const reply = await api(url, method, path, body)
  expect(reply.status, `${method} ${path}: ${JSON.stringify(reply.json)}`).toBe(200)
  return reply.json
}

const record = (name: string, ...fields: string[]) =>
  JSON.stringify({
    type: 'record',
    name,
    namespace: 'acme',
    fields: fields.map((f) => (f.endsWith('?') ? { name: f.slice(0, -1), type: ['null', 'string'], default: null } : { name: f, type: 'string' })),
  })
const encryptPii = { name: 'encryptPii', kind: 'TRANSFORM', mode: 'WRITEREAD', type: 'ENCRYPT', tags: ['PII'], params: { 'encrypt.kek.name': 'kek1' } }
const checkSsn = { name: 'checkSsn', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'size(message.ssn) == 9', onFailure: 'ERROR' }

/**
 * A source with contracts everywhere: `users-value` under a compatibility group with a subject
 * override (v1 full contract, v2 inheriting it, v3 a breaking new major with `confluent:version` and
 * a migration rule, v4 inheriting and stamped), `orders-value` (v2 inherits v1's, then soft-deleted),
 * `:.eu:payments-value` under a context config with a default rule set, `plain-value` without any,
 * and the global config's contract members and `normalize`, set last.
 */
async function seedContracts(url: string): Promise<void> {
  await ok(url, 'PUT', '/config/users-value', {
    compatibility: 'BACKWARD',
    compatibilityGroup: 'application.major.version',
    overrideMetadata: { properties: { team: 'identity' } },
  })
  const metadata = { tags: { 'acme.User.ssn': ['PII'] }, properties: { owner: 'identity-team', 'application.major.version': '1' }, sensitive: ['owner'] }
  await ok(url, 'POST', '/subjects/users-value/versions', { schema: record('User', 'id', 'ssn'), metadata, ruleSet: { domainRules: [encryptPii, checkSsn] } })
  await ok(url, 'POST', '/subjects/users-value/versions', { schema: record('User', 'id', 'ssn', 'email?') })
  await ok(url, 'POST', '/subjects/users-value/versions', {
    schema: record('User', 'uid'),
    metadata: { properties: { 'application.major.version': '2', 'confluent:version': '3' } },
    ruleSet: { migrationRules: [{ name: 'idToUid', kind: 'TRANSFORM', mode: 'UPGRADE', type: 'JSONATA', expr: "$merge([$, {'uid': id}])" }] },
  })
  await ok(url, 'POST', '/subjects/users-value/versions', { schema: record('User', 'uid', 'region?') })
  await ok(url, 'POST', '/subjects/orders-value/versions', { schema: record('Order', 'id'), metadata: { properties: { owner: 'orders' } } })
  await ok(url, 'POST', '/subjects/orders-value/versions', { schema: record('Order', 'id', 'note?') })
  await ok(url, 'DELETE', '/subjects/orders-value/versions/2')
  await ok(url, 'PUT', '/config/:.eu:', {
    compatibilityGroup: 'major',
    defaultRuleSet: { domainRules: [{ name: 'positive', kind: 'CONDITION', mode: 'WRITE', type: 'CEL', expr: 'message.amount > 0' }] },
  })
  await ok(url, 'POST', '/subjects/:.eu:payments-value/versions', { schema: record('Payment', 'amount'), metadata: { properties: { owner: 'payments' } } })
  await ok(url, 'POST', '/subjects/plain-value/versions', { schema: record('Plain', 'p') })
  await ok(url, 'PUT', '/config', {
    compatibility: 'FULL',
    normalize: true,
    compatibilityPolicy: 'LENIENT',
    defaultMetadata: { properties: { region: 'eu' } },
    overrideRuleSet: { domainRules: [{ ...encryptPii, name: 'encryptAll' }] },
  })
}

/**
 * Every version's contract (`metadata`, `ruleSet` as the registry's JSON text, soft-deleted versions
 * too) and every scope's own config (the global one, each context's and subject's) as JSON text.
 */
async function contractState(url: string): Promise<{ versions: Record<string, string>; configs: Record<string, string> }> {
  const versions: Record<string, string> = {}
  for (const s of (await ok(url, 'GET', '/schemas?subjectPrefix=:*:&deleted=true')) as Array<Record<string, unknown>>) {
    versions[`${s.subject as string} v${s.version as number}`] = JSON.stringify({ metadata: s.metadata, ruleSet: s.ruleSet })
  }
  const subjects = (await ok(url, 'GET', '/subjects?subjectPrefix=:*:&deleted=true')) as string[]
  const scopes = [...new Set([...subjects, ...subjects.map((s) => /^(:\.[^:]*:)/.exec(s)?.[1]).filter((c): c is string => c !== undefined)])]
  const configs: Record<string, string> = { '(global)': JSON.stringify(await ok(url, 'GET', '/config')) }
  for (const scope of scopes) {
    const own = await api(url, 'GET', `/config/${scope}?defaultToGlobal=false`)
    if (own.status === 200) configs[scope] = JSON.stringify(own.json)
  }
  return { versions, configs }
}

/** What seedContracts leaves, spelled out where it matters (so the comparisons cover something). */
function expectSeeded(state: { versions: Record<string, string>; configs: Record<string, string> }): void {
  const users = (v: number) => JSON.parse(state.versions[`users-value v${v}`])
  expect(users(1).metadata.properties).toEqual({ 'application.major.version': '1', owner: 'identity-team', team: 'identity' })
  expect(users(2)).toEqual(users(1))
  expect(users(3).metadata.properties).toEqual({ 'application.major.version': '2', 'confluent:version': '3', team: 'identity' })
  expect(users(4).metadata.properties['confluent:version']).toBe('4')
  expect(users(4).ruleSet.migrationRules[0].name).toBe('idToUid')
  expect(JSON.parse(state.versions['orders-value v2']).metadata).toEqual({ properties: { owner: 'orders' } })
  expect(JSON.parse(state.versions[':.eu:payments-value v1']).ruleSet.domainRules[0].name).toBe('positive')
  expect(JSON.parse(state.versions['plain-value v1'])).toEqual({})
  expect(JSON.parse(state.configs['(global)'])).toMatchObject({
    compatibilityLevel: 'FULL',
    normalize: true,
    compatibilityPolicy: 'LENIENT',
    defaultMetadata: { properties: { region: 'eu' } },
  })
  expect(JSON.parse(state.configs['users-value'])).toMatchObject({
    compatibilityGroup: 'application.major.version',
    overrideMetadata: { properties: { team: 'identity' } },
  })
  expect(JSON.parse(state.configs[':.eu:']).compatibilityGroup).toBe('major')
}

/** How many versions of `state` carry a contract. */
function withContracts(state: { versions: Record<string, string> }): number {
  return Object.values(state.versions).filter((text) => text !== '{}').length
}

/**
 * A proxy in front of a registry. `request` may rewrite a request body, `response` an answer's body
 * (null answers 404 as a registry does for a route it lacks), `refuse` answers a status of its own.
 */
async function startProxy(
  url: string,
  hooks: {
    request?: (method: string, path: string, body: any) => any
    response?: (method: string, path: string, body: any) => any | null
    refuse?: (method: string, path: string) => number | undefined
  },
): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const method = req.method ?? 'GET'
      const path = req.url ?? '/'
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
        res.end(JSON.stringify(body))
      }
      const refused = hooks.refuse?.(method, path)
      if (refused !== undefined) return send(refused, { error_code: refused, message: 'refused by the test proxy' })
      let body = chunks.length ? Buffer.concat(chunks).toString() : undefined
      if (body !== undefined && hooks.request) body = JSON.stringify(hooks.request(method, path, JSON.parse(body)))
      const reply = await fetch(url + path, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body })
      const text = await reply.text()
      if (!text || !hooks.response) {
        res.writeHead(reply.status, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
        return res.end(text)
      }
      const rewritten = hooks.response(method, path, JSON.parse(text))
      if (rewritten === null) return send(404, { error_code: 404, message: 'HTTP 404 Not Found' })
      send(reply.status, rewritten)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

const CONTRACT_CONFIG = ['compatibilityGroup', 'compatibilityPolicy', 'defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet']

/** Drops the members of `names` from a JSON value (objects and arrays of objects), as a registry that does not know them. */
function without(value: any, names: string[]): any {
  if (Array.isArray(value)) return value.map((v) => without(v, names))
  if (typeof value !== 'object' || value === null) return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => !names.includes(k)))
}

/** A registry from before data contracts (Confluent 7.3, Karapace): it ignores them in requests, never answers them, and has no metadata search. */
const beforeContracts = {
  request: (_m: string, _p: string, body: any) => without(body, ['metadata', 'ruleSet', ...CONTRACT_CONFIG]),
  response: (_m: string, path: string, body: any) =>
    /^\/subjects\/[^/?]+\/metadata/.test(path) ? null : without(body, ['metadata', 'ruleSet', ...CONTRACT_CONFIG]),
}

describe('migrate keeps data contracts', () => {
  it('registry → registry, ids preserved: every version’s contract and every config member byte for byte, verified', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    const before = await contractState(source.url)
    expectSeeded(before)

    const run = await migrate('--from', source.url, '--to', target.url, '--include-deleted', '--json')
    expect(run.stderr.split('\n').filter((l) => l.startsWith('{') && !l.includes('"type"'))).toEqual([])
    expect(run.code).toBe(0)
    expect(run.json.result.verify.differences).toEqual([])
    // Levels and config members of the global scope, the context and the subject were compared.
    expect(run.json.result.verify.settings).toBeGreaterThanOrEqual(9)
    expect(run.json.result.plan.contracts).toEqual({ versions: withContracts(before), dropped: false })
    expect(await contractState(target.url)).toEqual(before)
    // The ids too (a contract is part of a schema's identity).
    expect((await registryState(target.url)).versions).toEqual((await registryState(source.url)).versions)

    // Nothing left to do: the contracts are found present.
    const again = await migrate('--from', source.url, '--to', target.url, '--include-deleted')
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to do')
  })

  it('registry → registry, ids not preserved: each contract sent whole and the config copied after the versions, so nothing is inherited or merged twice', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    const run = await migrate('--from', source.url, '--to', target.url, '--include-deleted', '--no-preserve-ids', '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.verify.differences).toEqual([])
    expect(await contractState(target.url)).toEqual(await contractState(source.url))
  })

  it('registry → folder → folder → registry: contract files beside the schemas, the config members in the export and the config file (check applies the group), every contract byte for byte', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    const before = await contractState(source.url)
    const dir = join(work.dir, 'export')

    const exported = await migrate('--from', source.url, '--to', dir, '--include-deleted')
    expect(exported.stderr).toBe('')
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain('identical on both sides')
    // Each version's stored contract, whole, beside its schema.
    for (const [key, text] of Object.entries(before.versions)) {
      const [subject, v] = key.split(' v')
      const file = join(dir, encodeURIComponent(subject).replace(/%2E/g, '.'), `${v}.contract.json`)
      if (text === '{}') expect(() => readFileSync(file)).toThrow()
      else expect(JSON.stringify(JSON.parse(readFileSync(file, 'utf8')))).toBe(JSON.stringify(JSON.parse(text)))
    }
    const metadata = JSON.parse(readFileSync(join(dir, 'schemactl-export.json'), 'utf8'))
    expect(metadata.global.config).toEqual(JSON.parse(before.configs['(global)'], (k, v) => (k === 'compatibilityLevel' ? undefined : v)))
    expect(metadata.subjects[':.eu:'].config.compatibilityGroup).toBe('major')
    // The workspace's view: contracts at the top, the subject's over its context's, the context's as a glob.
    const config = JSON.parse(readFileSync(join(dir, 'schemactl.config.json'), 'utf8'))
    expect(config.contracts).toEqual({
      defaultMetadata: { properties: { region: 'eu' } },
      overrideRuleSet: JSON.parse(before.configs['(global)']).overrideRuleSet,
    })
    expect(config.subjects['users-value'].contracts).toEqual({
      compatibilityGroup: 'application.major.version',
      overrideMetadata: { properties: { team: 'identity' } },
    })
    expect(config.subjects[':.eu:*'].contracts.compatibilityGroup).toBe('major')
    // users-value v3 breaks v2 and passes only within its new major (the group from the config file).
    const checked = await runCommand(Check, [dir, '--json'])
    expect(checked.code).toBe(0)
    expect(checked.json.result.subjects.find((s: { subject: string }) => s.subject === 'users-value')).toMatchObject({
      verdict: 'compatible',
      compatibilityGroup: 'application.major.version',
    })

    const copy = join(work.dir, 'copy')
    const copied = await migrate('--from', dir, '--to', copy, '--include-deleted')
    expect(copied.code).toBe(0)
    expect(folderBytes(copy)).toEqual(folderBytes(dir))

    const imported = await migrate('--from', copy, '--to', target.url, '--include-deleted', '--json')
    expect(imported.code).toBe(0)
    expect(imported.json.result.verify.differences).toEqual([])
    expect(await contractState(target.url)).toEqual(before)
  })

  it('--verify reports each contract and config member the target does not hold', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    // The target's answers lose the rule sets and the context's group once the copy is over (its global mode restored).
    let modeWrites = 0
    let after = false
    const proxy = await startProxy(target.url, {
      response: (method, path, body) => {
        if (!after) return body
        if (path.startsWith('/config/:.eu:')) return without(body, ['compatibilityGroup'])
        return method === 'GET' && path.startsWith('/schemas') ? without(body, ['ruleSet']) : body
      },
      refuse: (method, path) => {
        if (method === 'PUT' && path.startsWith('/mode?') && ++modeWrites === 2) after = true
        return undefined
      },
    })
    const run = await migrate('--from', source.url, '--to', proxy, '--json')
    expect(run.code).toBe(1)
    const differences = run.json.result.verify.differences as Array<{ subject: string; version?: number; message: string }>
    expect(differences).toContainEqual({
      subject: 'users-value',
      version: 1,
      message: expect.stringMatching(/^its data contract differs: ruleSet absent on the target, \{"domainRules":\[\{"name":"encryptPii"/),
    })
    expect(differences).toContainEqual({ subject: ':.eu:', message: 'its compatibilityGroup is not set on the target, major on the source' })
  })
})

describe('a target that cannot store contracts', () => {
  it('is refused before any write, naming what would be lost; --drop-contracts copies without them, with a warning', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    const proxy = await startProxy(target.url, beforeContracts)
    const untouched = await registryState(target.url)

    const refused = await migrate('--from', source.url, '--to', proxy, '--include-deleted')
    expect(refused.code).toBe(4)
    expect(refused.stderr).toContain(`The target registry ${proxy} cannot store data contracts`)
    expect(refused.stderr).toContain(
      `${withContracts(await contractState(source.url))} versions carry a data contract (metadata or a rule set) and 3 scopes set contract config members`,
    )
    expect(refused.stderr).toContain('--drop-contracts')
    expect(await registryState(target.url)).toEqual(untouched)
    const dry = await migrate('--from', source.url, '--to', proxy, '--dry-run')
    expect(dry.code).toBe(4)

    const dropped = await migrate('--from', source.url, '--to', proxy, '--include-deleted', '--drop-contracts')
    expect(dropped.code).toBe(0)
    expect(dropped.stdout).toContain('WARNING (--drop-contracts): data contracts are NOT copied')
    expect(dropped.stderr).toContain('--drop-contracts: the data contracts of 7 versions')
    expect(dropped.stdout).toContain('identical on both sides')
    // Nothing of the contracts reached the registry behind the proxy; the rest did.
    const state = await contractState(target.url)
    expect(Object.values(state.versions).every((text) => text === '{}')).toBe(true)
    expect(Object.keys(state.versions).sort()).toEqual(Object.keys((await contractState(source.url)).versions).sort())
    expect(JSON.parse(state.configs['(global)'])).toEqual({ compatibilityLevel: 'FULL', normalize: true })
  })

  it('a registry that answers the metadata search but drops rule sets stops the copy at the first version carrying one', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    const proxy = await startProxy(target.url, {
      request: (_m, _p, body) => without(body, ['ruleSet']),
      response: (_m, _p, body) => without(body, ['ruleSet']),
    })
    const run = await migrate('--from', source.url, '--to', proxy, '--concurrency', '1')
    expect(run.code).toBe(4)
    expect(run.stderr).toMatch(/did not store the data contract of \S+ version 1 \(ruleSet missing when read back\)/)
    expect(run.stderr).toContain('--drop-contracts')
    // Written: the versions before it in write order, and that one.
    const sourceState = await contractState(source.url)
    const written = Object.keys((await contractState(target.url)).versions)
    expect(written.length).toBeLessThan(Object.keys(sourceState.versions).length)
    expect(written.filter((key) => JSON.parse(sourceState.versions[key]).ruleSet !== undefined)).toHaveLength(1)
  })
})

describe('ids not preserved: what the target would change is a conflict before any write', () => {
  it("the target's own defaults would be merged into the contracts", async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await ok(source.url, 'POST', '/subjects/a-value/versions', { schema: record('A', 'a'), metadata: { properties: { owner: 'a' } } })
    await ok(target.url, 'PUT', '/config', { defaultMetadata: { properties: { owner: 'platform', region: 'eu' } } })
    const untouched = await registryState(target.url)
    const run = await migrate('--from', source.url, '--to', target.url, '--no-preserve-ids')
    expect(run.code).toBe(1)
    expect(run.stdout).toContain("a-value version 1 (id 1): the target's config (defaultMetadata) would be merged into its data contract on registration")
    expect(await registryState(target.url)).toEqual(untouched)
  })

  it("a subject's own config without a level keeps its other members once the run's level NONE is taken back", async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await ok(source.url, 'POST', '/subjects/g-value/versions', { schema: record('G', 'g'), metadata: { properties: { major: '1' } } })
    await ok(source.url, 'POST', '/subjects/g-value/versions', { schema: record('G', 'g', 'h?'), metadata: { properties: { major: '2' } } })
    await ok(target.url, 'PUT', '/config/g-value', { compatibilityGroup: 'major', normalize: true })
    const own = await ok(target.url, 'GET', '/config/g-value?defaultToGlobal=false')
    expect(own.compatibilityLevel).toBeUndefined()

    const run = await migrate('--from', source.url, '--to', target.url, '--no-preserve-ids', '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.verify.differences).toEqual([])
    // The level the run set (NONE, on every subject it registers into) is gone; the group and normalize are back as they were.
    expect(await ok(target.url, 'GET', '/config/g-value?defaultToGlobal=false')).toEqual(own)
    expect((await contractState(target.url)).versions).toEqual((await contractState(source.url)).versions)
  })

  it('a version imported without the metadata of the one before it: a registration would inherit it; with ids preserved it is copied as it is', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await ok(source.url, 'PUT', '/mode', { mode: 'IMPORT' })
    await ok(source.url, 'POST', '/subjects/b-value/versions', { schema: record('B', 'b'), metadata: { properties: { owner: 'b' } }, id: 1, version: 1 })
    await ok(source.url, 'POST', '/subjects/b-value/versions', { schema: record('B', 'b', 'c?'), id: 2, version: 2 })
    await ok(source.url, 'PUT', '/mode', { mode: 'READWRITE' })
    const anew = await migrate('--from', source.url, '--to', target.url, '--no-preserve-ids')
    expect(anew.code).toBe(1)
    expect(anew.stdout).toContain('b-value version 2 (id 2): it has no metadata but the version before it on the target has')
    expect(Object.keys((await contractState(target.url)).versions)).toEqual([])

    const preserved = await migrate('--from', source.url, '--to', target.url)
    expect(preserved.code).toBe(0)
    expect(await contractState(target.url)).toEqual(await contractState(source.url))
    expect(JSON.parse((await contractState(target.url)).versions['b-value v2'])).toEqual({})
  })
})

describe('a workspace with contract files → registry', () => {
  it('lands with the contracts a registry receiving its versions would store and its config; check --against registry passes', async () => {
    const target = await registry()
    const ws = join(work.dir, 'ws')
    const put = (file: string, value: unknown) => {
      mkdirSync(join(ws, file, '..'), { recursive: true })
      writeFileSync(join(ws, file), JSON.stringify(value, null, 2))
    }
    put('users-value/1.avsc', JSON.parse(record('User', 'id', 'ssn')))
    put('users-value/1.contract.json', {
      metadata: { tags: { 'acme.User.ssn': ['PII'] }, properties: { 'application.major.version': '1' } },
      ruleSet: { domainRules: [encryptPii] },
    })
    put('users-value/2.avsc', JSON.parse(record('User', 'id', 'ssn', 'email?')))
    put('users-value/3.avsc', JSON.parse(record('User', 'uid')))
    put('users-value/3.contract.json', { metadata: { properties: { 'application.major.version': '2' } } })
    put('orders-value.avsc', JSON.parse(record('Order', 'id')))
    put('schemactl.config.json', {
      contracts: { compatibilityGroup: 'application.major.version', defaultMetadata: { properties: { owner: 'platform' } } },
      subjects: { 'users-value': { contracts: { overrideRuleSet: { domainRules: [checkSsn] } } } },
    })

    const run = await migrate('--from', ws, '--to', target.url, '--no-preserve-ids', '--json')
    expect(run.code).toBe(0)
    expect(run.json.result.verify.differences).toEqual([])
    const state = await contractState(target.url)
    const users = (v: number) => JSON.parse(state.versions[`users-value v${v}`])
    expect(users(1).metadata).toEqual({ tags: { 'acme.User.ssn': ['PII'] }, properties: { 'application.major.version': '1', owner: 'platform' } })
    expect(users(1).ruleSet.domainRules.map((r: { name: string }) => r.name)).toEqual(['encryptPii', 'checkSsn'])
    expect(users(2)).toEqual(users(1))
    expect(users(3).metadata.properties).toEqual({ 'application.major.version': '2', owner: 'platform' })
    expect(JSON.parse(state.versions['orders-value v1']).metadata).toEqual({ properties: { owner: 'platform' } })
    expect(JSON.parse(state.configs['(global)'])).toMatchObject({
      compatibilityGroup: 'application.major.version',
      defaultMetadata: { properties: { owner: 'platform' } },
    })
    expect(JSON.parse(state.configs['users-value'])).toEqual({ overrideRuleSet: { domainRules: [{ ...checkSsn, disabled: false }] } })

    const checked = await runCommand(Check, [ws, '--against', 'registry', '--registry', target.url, '--json'], { SCHEMA_REGISTRY_URL: undefined })
    expect(checked.code).toBe(0)
    expect(checked.json.warnings).toEqual([])
    for (const s of checked.json.result.subjects) expect(s.findings).toEqual([])
  })
})

describe('journal and resume', () => {
  it('a run stopped by the target continues where it stopped, and ends with every contract byte for byte', async () => {
    const [source, target] = await Promise.all([registry(), registry()])
    await seedContracts(source.url)
    let registrations = 0
    let failing = true
    const proxy = await startProxy(target.url, {
      refuse: (method, path) => (method === 'POST' && /\/versions$/.test(path) && failing && ++registrations > 3 ? 403 : undefined),
    })
    const journal = join(work.dir, 'journal.jsonl')
    const first = await migrate('--from', source.url, '--to', proxy, '--include-deleted', '--journal', journal, '--concurrency', '1')
    expect(first.code).toBe(4)
    expect(
      readFileSync(journal, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"version"')),
    ).toHaveLength(3)
    failing = false
    const second = await migrate('--from', source.url, '--to', proxy, '--include-deleted', '--journal', journal)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('3 skipped as already present')
    expect(await contractState(target.url)).toEqual(await contractState(source.url))
  })
})
