import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import ConfigShow from '../../src/commands/config/show.js'
import GetById from '../../src/commands/get-by-id.js'
import GetConfig from '../../src/commands/get-config.js'
import GetMode from '../../src/commands/get-mode.js'
import Get from '../../src/commands/get.js'
import List from '../../src/commands/list.js'
import Register from '../../src/commands/register.js'
import Rules from '../../src/commands/rules.js'
import SetConfig from '../../src/commands/set-config.js'
import Versions from '../../src/commands/versions.js'
import { startTestRegistry, type TestRegistry } from '../helpers/registry-server.js'
import { runCommand } from './run-command.js'

let registry: TestRegistry
let dir: string
let id: number
const subject = 'orders-value'
const schema = { type: 'record', name: 'Order', namespace: 'acme', fields: [{ name: 'id', type: 'string' }] }
const r = () => ['--registry', registry.url]

beforeAll(async () => {
  registry = await startTestRegistry()
  dir = mkdtempSync(join(tmpdir(), 'schemactl-output-'))
  const file = join(dir, `${subject}.avsc`)
  writeFileSync(file, JSON.stringify(schema))
  const registered = await runCommand(Register, [file, ...r(), '--json'])
  expect(registered.code).toBe(0)
  id = (await runCommand(Get, [subject, ...r(), '--json'])).json.result.id
})

afterAll(async () => {
  await registry.close()
  rmSync(dir, { recursive: true, force: true })
})

type Cmd = any
const reads: Array<[string, Cmd, () => string[]]> = [
  ['list', List, () => r()],
  ['list --long', List, () => ['--long', ...r()]],
  ['versions', Versions, () => [subject, ...r()]],
  ['get', Get, () => [subject, ...r()]],
  ['get-by-id', GetById, () => [String(id), ...r()]],
  ['get-config', GetConfig, () => [subject, ...r()]],
  ['get-mode', GetMode, () => r()],
  ['config show', ConfigShow, () => r()],
  ['rules', Rules, () => ['--kind', 'lint']],
]

describe('-o, --output human|json|yaml on every read command', () => {
  it.each(reads)('%s: json and yaml are the same envelope as --json; human is unchanged', async (_name, command, args) => {
    const json = await runCommand(command, [...args(), '--json'])
    expect(json.code).toBe(0)
    expect(json.json).toMatchObject({ status: 0, warnings: expect.any(Array) })
    expect(json.json.result).toBeDefined()
    const outputJson = await runCommand(command, [...args(), '-o', 'json'])
    expect(outputJson.json).toEqual(json.json)
    const yaml = await runCommand(command, [...args(), '--output=yaml'])
    expect(yaml.code).toBe(0)
    expect(yaml.json).toBeUndefined()
    expect(parseYaml(yaml.stdout)).toEqual(json.json)
    const human = await runCommand(command, args())
    const explicit = await runCommand(command, [...args(), '--output', 'human'])
    expect(explicit.stdout).toBe(human.stdout)
    expect(human.stdout).not.toBe(json.stdout)
    expect(human.stdout).not.toContain('"status"')
  })

  it('a failure under -o yaml is the error envelope as YAML, with its exit code', async () => {
    const run = await runCommand(Get, ['no-such-subject', ...r(), '-o', 'yaml'])
    expect(run.code).toBe(4)
    const envelope = parseYaml(run.stdout)
    expect(envelope).toMatchObject({ status: 4, error: { code: 'SUBJECT_NOT_FOUND' } })
  })

  it('an unknown format is a usage error (exit 2)', async () => {
    const run = await runCommand(List, [...r(), '-o', 'xml'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('xml')
  })

  it('get and get-by-id --out-file write the schema to the file', async () => {
    const out = join(dir, 'out.avsc')
    const get = await runCommand(Get, [subject, '--out-file', out, ...r()])
    expect(get.code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ name: 'Order' })
    const byIdOut = join(dir, 'by-id.avsc')
    const byId = await runCommand(GetById, [String(id), '--out-file', byIdOut, '-o', 'yaml', ...r()])
    expect(byId.code).toBe(0)
    expect(parseYaml(byId.stdout).result).toMatchObject({ id })
    expect(JSON.parse(readFileSync(byIdOut, 'utf8'))).toMatchObject({ name: 'Order' })
  })
})

describe('list -l, --long', () => {
  it("shows each subject's type, latest version and id, level and mode, as a table or an envelope", async () => {
    const other = join(dir, 'payments-value.avsc')
    writeFileSync(other, JSON.stringify({ ...schema, name: 'Payment' }))
    expect((await runCommand(Register, [other, ...r(), '--json'])).code).toBe(0)
    expect((await runCommand(SetConfig, ['payments-value', 'FULL', ...r(), '--json'])).code).toBe(0)
    const payments = (await runCommand(Get, ['payments-value', ...r(), '--json'])).json.result
    const run = await runCommand(List, ['-l', ...r(), '-o', 'yaml'])
    expect(run.code).toBe(0)
    const details = parseYaml(run.stdout).result.details
    expect(details).toContainEqual({
      subject: 'payments-value',
      schemaType: 'AVRO',
      latestVersion: 1,
      latestId: payments.id,
      level: 'FULL',
      levelSource: 'subject',
      mode: 'READWRITE',
      modeSource: 'global',
    })
    expect(details).toContainEqual(expect.objectContaining({ subject, latestId: id, levelSource: 'global', modeSource: 'global' }))
    const table = (await runCommand(List, ['--long', ...r()])).stdout.split('\n')
    expect(table[0]).toMatch(/^SUBJECT\s+TYPE\s+LATEST\s+ID\s+LEVEL\s+MODE$/)
    expect(table.find((line) => line.startsWith('payments-value'))).toMatch(
      new RegExp(`^payments-value\\s+AVRO\\s+1\\s+${payments.id}\\s+FULL\\s+READWRITE \\(global\\)$`),
    )
    expect((await runCommand(List, r())).stdout).not.toContain('SUBJECT')
  })
})
