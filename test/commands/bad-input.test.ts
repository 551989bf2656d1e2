/**
 * The same bad input gets the same verdict in every command that reads a schema file: one table
 * of inputs, run through check, lint, diff, check-compat --local, register and encode --schema.
 */
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, symlinkSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import Check from '../../src/commands/check.js'
import CheckCompat from '../../src/commands/check-compat.js'
import Diff from '../../src/commands/diff.js'
import Encode from '../../src/commands/encode.js'
import Lint from '../../src/commands/lint.js'
import Register from '../../src/commands/register.js'
import { MAX_SCHEMA_BYTES } from '../../src/workspace/read-file.js'
import { useTestRegistry } from '../helpers/registry-server.js'
import { deepSchemaText, temporaryWorkspaces } from '../workspace/make-workspace.js'
import { runCommand, type CommandRun } from './run-command.js'

const folder = temporaryWorkspaces()

const registry = useTestRegistry()

/** Nothing listens here: a command that sent anything would fail with exit 4, not 5. */
const NO_REGISTRY = 'http://127.0.0.1:9'

interface BadInput {
  name: string
  /** Makes `s-value.avsc` in the workspace `dir` (beside it: `outside.avsc`, a valid schema). */
  make(dir: string): void
  /** The problem code every command reports, or undefined for a valid schema (exit 0). */
  code?: string
}

const write = (content: string | Buffer) => (dir: string) => writeFileSync(join(dir, 's-value.avsc'), content)

const INPUTS: BadInput[] = [
  { name: 'null', make: write('null'), code: 'INVALID_SCHEMA' },
  { name: '[] (an empty union: valid Avro)', make: write('[]') },
  { name: '42', make: write('42'), code: 'INVALID_SCHEMA' },
  { name: '"string" (valid Avro)', make: write('"string"') },
  { name: 'invalid JSON', make: write('{"type": "record",'), code: 'INVALID_JSON' },
  { name: 'an empty file', make: write(''), code: 'INVALID_JSON' },
  { name: 'a directory', make: (dir) => mkdirSync(join(dir, 's-value.avsc')), code: 'FILE_UNREADABLE' },
  { name: 'a dangling link', make: (dir) => symlinkSync('nowhere.avsc', join(dir, 's-value.avsc')), code: 'FILE_UNREADABLE' },
  { name: 'a link loop', make: (dir) => symlinkSync('s-value.avsc', join(dir, 's-value.avsc')), code: 'SYMLINK_LOOP' },
  {
    name: 'a link out of the workspace (to a valid schema)',
    make: (dir) => symlinkSync('../outside.avsc', join(dir, 's-value.avsc')),
    code: 'LINK_OUTSIDE_WORKSPACE',
  },
  {
    // A valid schema padded with spaces: only its size is wrong.
    name: 'a file of 10 MB + 1 byte',
    make: (dir) => {
      const fd = openSync(join(dir, 's-value.avsc'), 'w')
      writeSync(fd, '"string"')
      writeSync(fd, Buffer.alloc(MAX_SCHEMA_BYTES + 1 - '"string"'.length, 0x20))
      closeSync(fd)
    },
    code: 'FILE_TOO_LARGE',
  },
  // Valid once its bad byte is replaced by U+FFFD: only the encoding is wrong.
  {
    name: 'a file that is not UTF-8',
    make: write(Buffer.concat([Buffer.from('{"type": "string", "doc": "caf'), Buffer.from([0xe9]), Buffer.from('"}')])),
    code: 'INVALID_UTF8',
  },
  { name: 'a byte-order mark before "string"', make: write('\ufeff"string"') },
  { name: 'a schema nested 1,001 deep', make: write(deepSchemaText(1001)), code: 'NESTED_TOO_DEEP' },
]

/** The `{status, result | error}` envelope a --json run printed (on stdout, or stderr for encode). */
function envelope(run: CommandRun): { status: number; result?: any; error?: { code: string; message: string } } {
  if (run.json !== undefined) return run.json
  const line = run.stderr.split('\n').find((l) => l.startsWith('{"status"'))
  if (line === undefined) throw new Error(`no envelope in: ${run.stdout}${run.stderr}`)
  return JSON.parse(line)
}

/** The first problem code of a check or lint report (layout problems first), or of an error. */
function problemCode(run: CommandRun): string | undefined {
  const { result, error } = envelope(run)
  if (error !== undefined) return error.code
  if (result.problems === undefined) return undefined
  return [...result.problems, ...result.subjects.flatMap((s: { findings: { kind: string; code: string }[] }) => s.findings)].find((f) => f.kind === 'invalid')
    ?.code
}

describe('every command gives a bad schema file the same exit code and problem code', () => {
  const key = (name: string) => createHash('sha256').update(name).digest('hex').slice(0, 8)

  it.each(INPUTS)('$name', async (input) => {
    const parent = folder({ 'outside.avsc': '"string"', 'other/good.avsc': '"string"' })
    const dir = join(parent, 'ws')
    mkdirSync(dir)
    input.make(dir)
    const file = join(dir, 's-value.avsc')
    const records = join(parent, 'none.jsonl')
    writeFileSync(records, '')
    // A valid schema goes to the registry; a bad one must be refused before anything is sent.
    const url = input.code === undefined ? registry.url : NO_REGISTRY
    const id = key(input.name)
    const runs: Record<string, CommandRun> = {
      check: await runCommand(Check, [dir, '--json']),
      lint: await runCommand(Lint, [dir, '--json']),
      diff: await runCommand(Diff, [file, join(parent, 'other/good.avsc'), '--json']),
      'check-compat --local': await runCommand(CheckCompat, [`cmp-${id}`, file, '--local', '--registry', url, '--json']),
      register: await runCommand(Register, [file, '--subject', `reg-${id}`, '--registry', url, '--json']),
      'encode --schema': await runCommand(Encode, [records, '--schema', file, '--subject', `enc-${id}`, '--register', '--registry', url, '--json']),
    }
    const verdicts = Object.fromEntries(Object.entries(runs).map(([command, run]) => [command, { exit: run.code, code: problemCode(run) }]))
    const expected = { exit: input.code === undefined ? 0 : 5, code: input.code }
    expect(verdicts).toEqual(Object.fromEntries(Object.keys(runs).map((command) => [command, expected])))
  })
})

/** Whether `output` holds more than 60 characters in a row of `secret`. */
function quotesMoreThan60(output: string, secret: string): boolean {
  for (let i = 0; i + 61 <= secret.length; i++) if (output.includes(secret.slice(i, i + 61))) return true
  return false
}

/** 256 characters that repeat nowhere (so any window of them is a quote of the secret). */
const SECRET = Array.from({ length: 4 }, (_, i) => createHash('sha512').update(`secret ${i}`).digest('hex').slice(0, 64)).join('')

describe('a file that is not a schema is never quoted beyond 60 characters, in any output format', () => {
  const names = ['token', 'dotenv', 'typed', 'named', 'field', 'symbols']
  const files = (dir: string) => names.map((n) => join(dir, `${n}-value.avsc`))

  it('check (text, json, sarif, junit, github), lint, diff, encode, register, check-compat', async () => {
    const parent = folder({
      'outside.env': `API_KEY=${SECRET}\n`,
      'ws/token-value.avsc': JSON.stringify(SECRET),
      'ws/typed-value.avsc': JSON.stringify({ type: SECRET }),
      'ws/named-value.avsc': JSON.stringify({ type: 'record', name: `a${SECRET}-`, fields: [] }),
      'ws/field-value.avsc': JSON.stringify({
        type: 'record',
        name: 'R',
        fields: [
          { name: SECRET, type: 'nope' },
          { name: SECRET, type: 'int' },
        ],
      }),
      'ws/symbols-value.avsc': JSON.stringify({ type: 'enum', name: 'E', symbols: [SECRET, SECRET] }),
    })
    const dir = join(parent, 'ws')
    writeFileSync(join(dir, 'dotenv-value.avsc'), `SECRET_TOKEN=${SECRET}\n`)
    symlinkSync('../outside.env', join(dir, 'leak-value.avsc'))
    const outputs: string[] = []
    const keep = (run: CommandRun) => {
      outputs.push(run.stdout + run.stderr)
      return run
    }
    for (const follow of [[], ['--follow-external-links']]) {
      for (const format of ['text', 'json', 'sarif', 'junit', 'github'])
        expect(keep(await runCommand(Check, [dir, '--format', format, ...follow])).code).toBe(5)
      for (const json of [[], ['--json']]) expect(keep(await runCommand(Lint, [dir, ...json, ...follow])).code).toBe(5)
      for (const file of [...files(dir), join(dir, 'leak-value.avsc')]) {
        for (const json of [[], ['--json']]) {
          expect(keep(await runCommand(Diff, [file, file, ...json, ...follow])).code).toBe(5)
          expect(keep(await runCommand(Encode, [file, '--schema', file, '--subject', 's', '--registry', NO_REGISTRY, ...json, ...follow])).code).toBe(5)
          expect(keep(await runCommand(Register, [file, '--registry', NO_REGISTRY, ...json, ...follow])).code).toBe(5)
          expect(keep(await runCommand(CheckCompat, ['s', file, '--local', '--registry', NO_REGISTRY, ...json, ...follow])).code).toBe(5)
        }
      }
    }
    expect(outputs.filter((o) => quotesMoreThan60(o, SECRET))).toEqual([])
    // The files were read and reported (the secret's first characters may appear, up to 60 of them).
    expect(outputs.some((o) => o.includes(SECRET.slice(0, 20)))).toBe(true)
  })
})

describe('--follow-external-links and SCHEMACTL_FOLLOW_EXTERNAL_LINKS', () => {
  it('let check, lint, diff and encode read a link that leaves the workspace; without them it is LINK_OUTSIDE_WORKSPACE (exit 5)', async () => {
    const parent = folder({
      'shared/user.avsc': { type: 'record', name: 'User', namespace: 'com.acme', doc: 'A user.', fields: [{ name: 'id', type: 'string', doc: 'The id.' }] },
    })
    const dir = join(parent, 'ws')
    mkdirSync(dir)
    symlinkSync('../shared/user.avsc', join(dir, 'users-value.avsc'))
    const link = join(dir, 'users-value.avsc')
    const refused = await runCommand(Check, [dir, '--json'])
    expect(refused.code).toBe(5)
    expect(envelope(refused).result.problems[0]).toMatchObject({ code: 'LINK_OUTSIDE_WORKSPACE', file: link })
    expect((await runCommand(Check, [dir, '--follow-external-links'])).code).toBe(0)
    expect((await runCommand(Check, [dir], { SCHEMACTL_FOLLOW_EXTERNAL_LINKS: 'true' })).code).toBe(0)
    expect((await runCommand(Lint, [dir])).code).toBe(5)
    expect((await runCommand(Lint, [dir, '--follow-external-links'])).code).toBe(0)
    expect((await runCommand(Diff, [link, link])).code).toBe(5)
    expect((await runCommand(Diff, [link, link], { SCHEMACTL_FOLLOW_EXTERNAL_LINKS: '1' })).code).toBe(0)
    const records = join(parent, 'one.jsonl')
    writeFileSync(records, '{"id": "a"}\n')
    expect((await runCommand(Encode, [records, '--schema', link, '--subject', 'users-value', '--register', '--registry', registry.url])).code).toBe(5)
    const encoded = await runCommand(Encode, [
      records,
      '--schema',
      link,
      '--subject',
      'users-value',
      '--register',
      '--registry',
      registry.url,
      '--follow-external-links',
    ])
    expect(encoded).toMatchObject({ code: 0, stdout: expect.stringMatching(/^00[0-9a-f]+\n$/) })
  })
})

describe('the lint baseline file', () => {
  it('is not read or written through a link out of the workspace, and a broken one is not quoted', async () => {
    const parent = folder({
      'secret.txt': `${SECRET}\n`,
      'ws/users-value.avsc': { type: 'record', name: 'User', doc: 'u', fields: [{ name: 'id', type: 'string', doc: 'i' }] },
    })
    const dir = join(parent, 'ws')
    symlinkSync('../secret.txt', join(dir, '.schemactl-lint-baseline.json'))
    const read = await runCommand(Lint, [dir, '--json'])
    expect(read.code).toBe(5)
    expect(envelope(read).error).toMatchObject({ code: 'LINK_OUTSIDE_WORKSPACE' })
    const write = await runCommand(Lint, [dir, '--write-baseline', '--json'])
    expect(write.code).toBe(5)
    expect(envelope(write).error?.message).toContain('the lint baseline is not written through it')
    const broken = folder({ 'users-value.avsc': '"string"', '.schemactl-lint-baseline.json': `{"findings": ${SECRET}}` })
    const invalid = await runCommand(Lint, [broken, '--json'])
    expect(invalid.code).toBe(5)
    expect(envelope(invalid).error).toMatchObject({
      code: 'LINT_BASELINE_INVALID',
      message: expect.stringMatching(/\.schemactl-lint-baseline\.json:1:\d+: not a lint baseline \(not valid JSON\)$/),
    })
    for (const run of [read, write, invalid]) expect(quotesMoreThan60(run.stdout + run.stderr, SECRET)).toBe(false)
    expect(read.stdout + read.stderr + write.stdout + write.stderr).not.toContain(SECRET.slice(0, 12))
  })
})
