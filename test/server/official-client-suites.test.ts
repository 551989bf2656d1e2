/**
 * The official JavaScript client's own test suites (`@confluentinc/schemaregistry`, as published
 * in node_modules), run against `schemactl serve`: its end-to-end client suite and its Avro, JSON
 * Schema, Protobuf and serde suites, whose serializers register, look up and read schemas with their
 * metadata and rule sets (CEL conditions and transforms, JSONata migrations, field and payload
 * encryption), by id and by guid, and find subjects through topic associations.
 *
 * The suites are written for jest and for the client's in-memory mock registry (`mock://`); here
 * they run under vitest with its jest-compatible globals, and every client they create for the
 * mock talks to a fresh, empty `serve` instead (one per test, as each test starts from an empty
 * mock). Two things stay on the suites' side: the DEK registry (a separate service that encryption
 * rules call for their keys, not part of a schema registry's API) keeps its mock, and the
 * end-to-end suite's registry URL is pointed at `serve`.
 */
import Module, { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as vitest from 'vitest'
import { startTestRegistry } from '../helpers/registry-server.js'

const SUITES = [
  'e2e/schemaregistry-client.spec.js',
  'test/serde/avro.spec.js',
  'test/serde/json.spec.js',
  'test/serde/protobuf.spec.js',
  'test/serde/serde.spec.js',
]

/**
 * Tests that assert a registry older than Confluent Platform 8 (the suite's own registry): reads
 * without `schemaType: "AVRO"`, `ts` and `guid`, and a read by id without `subject`/`version`.
 * `serve` answers as Platform 8 does; what these tests check otherwise (contracts read back by id,
 * the latest version with given metadata) is asserted in clients.test.ts.
 */
const SKIPPED: Record<string, string> = {
  'Should register, retrieve, and delete a schema': 'expects a read by id without schemaType, guid, ts, subject and version (CP 7 answers)',
  'Should get schema metadata': 'expects reads without schemaType and ts (CP 7 answers)',
}

/**
 * Tests skipped in one suite only (`describe > test`, as names repeat across suites). The Protobuf
 * suite's associated-name-strategy tests create an association for a subject with no version yet,
 * which the mock allows and a registry refuses (40907, asserted in associations.test.ts); the Avro
 * suite's tests of the same names register first and run.
 */
const SKIPPED_IN: Record<string, string> = Object.fromEntries(
  [
    'serializes and deserializes with associated name strategy',
    'uses kafka cluster id as namespace when configured',
    'serializes and deserializes correctly across multiple calls with caching',
  ].map((name) => [`ProtobufSerdeWithAssociatedNameStrategy > ${name}`, 'associates a subject that has no version (the registry answers 40907)']),
)

const require = createRequire(import.meta.url)
const dist = dirname(require.resolve('@confluentinc/schemaregistry'))

const constants = require(join(dist, 'test', 'test-constants.js')) as { clientConfig: { baseURLs: string[] } }
// Every request the suites make, as `METHOD url status`: the check at the end shows they reached serve.
const requests: string[] = []
const start = () => startTestRegistry({ logLevel: 'debug', log: (line) => requests.push(line) })
let registry = await start()
vitest.beforeEach(async () => {
  await registry.close()
  registry = await start()
  constants.clientConfig.baseURLs.splice(0, 1, registry.url)
})
vitest.afterAll(() => registry.close())

// The suites import jest's globals, and the client's own modules by package path without `dist/`.
let currentDescribe = ''
const skipping = (name: string, fn?: () => unknown, timeout?: number) => {
  const reason = SKIPPED[name] ?? SKIPPED_IN[`${currentDescribe} > ${name}`]
  return reason ? vitest.it.skip(`${name} (${reason})`, fn) : vitest.it(name, fn, timeout)
}
const describing = (name: string, fn: () => void) =>
  vitest.describe(name, () => {
    const outer = currentDescribe
    currentDescribe = name
    try {
      fn()
    } finally {
      currentDescribe = outer
    }
  })
const jestGlobals = {
  describe: describing,
  it: skipping,
  test: skipping,
  expect: vitest.expect,
  beforeEach: vitest.beforeEach,
  afterEach: vitest.afterEach,
  beforeAll: vitest.beforeAll,
  afterAll: vitest.afterAll,
  jest: { fn: vitest.vi.fn, spyOn: vitest.vi.spyOn },
}
const JEST_GLOBALS = join(dist, '__jest_globals__.js')
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string }
const resolveFilename = loader._resolveFilename
loader._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === '@jest/globals') return JEST_GLOBALS
  if (request.startsWith('@confluentinc/schemaregistry/'))
    return resolveFilename.call(this, join(dist, request.slice('@confluentinc/schemaregistry/'.length)), ...rest)
  return resolveFilename.call(this, request, ...rest)
}
;(require.cache as Record<string, unknown>)[JEST_GLOBALS] = { id: JEST_GLOBALS, filename: JEST_GLOBALS, loaded: true, exports: jestGlobals }

// A client asked for the mock talks to serve, and still reports the configuration it was asked
// for: the encryption rules build their DEK registry client from it, which stays the mock.
const sr = require(join(dist, 'schemaregistry-client.js'))
class ServeClient extends sr.SchemaRegistryClient {
  constructor(
    private readonly asked: unknown,
    config: unknown,
  ) {
    super(config)
  }

  config(): unknown {
    return this.asked
  }
}
const newClient = sr.SchemaRegistryClient.newClient
sr.SchemaRegistryClient.newClient = (config: { baseURLs: string[] }) =>
  config.baseURLs[0].startsWith('mock://') ? new ServeClient(config, { ...config, baseURLs: [registry.url] }) : newClient(config)

for (const suite of SUITES) require(join(dist, suite))

vitest.describe('the suites above', () => {
  vitest.it('reached serve for contracts by metadata, schemas by guid and associations', () => {
    const answered = (pattern: RegExp) => requests.filter((line) => pattern.test(line)).length
    vitest.expect(answered(/^POST \/subjects\/[^ ]+\/versions\S* 200 /)).toBeGreaterThan(50)
    vitest.expect(answered(/^GET \/subjects\/[^ ]+\/metadata\?\S* 200 /)).toBeGreaterThan(0)
    vitest.expect(answered(/^GET \/schemas\/guids\/[0-9a-f-]{36}\S* 200 /)).toBeGreaterThan(0)
    vitest.expect(answered(/^POST \/associations 200 /)).toBeGreaterThan(0)
    // The Protobuf serializers register base64 descriptors and read them back serialized.
    vitest.expect(answered(/^GET \/schemas\/ids\/\d+\?\S*format=serialized\S* 200 /)).toBeGreaterThan(0)
    vitest.expect(answered(/^GET \/associations\/resources\/[^ ]+\/topic1\S* 200 /)).toBeGreaterThan(0)
    vitest.expect(answered(/^DELETE \/associations\/resources\/\S+cascadeLifecycle=true 204 /)).toBeGreaterThan(0)
    // Nothing the clients asked for was missing from serve.
    vitest.expect(requests.filter((line) => / (404|405) /.test(line) && !/^(GET|DELETE) \/(subjects|schemas\/ids)/.test(line))).toEqual([])
  })
})
