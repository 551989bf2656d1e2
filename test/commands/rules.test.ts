import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import Rules from '../../src/commands/rules.js'
import { INPUT_PROBLEMS } from '../../src/app/input-problems.js'
import { runCommand } from './run-command.js'

describe('schemactl rules', () => {
  it('--kind input lists the input problems, each with its exit code', async () => {
    const run = await runCommand(Rules, ['--kind', 'input'])
    expect(run.code).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(INPUT_PROBLEMS.map((p) => p.id))
    expect(lines).toContainEqual(expect.stringMatching(/^LINK_OUTSIDE_WORKSPACE\s+input exit 5\s+all\s+A symbolic link in the workspace leads outside it/))
    expect(lines).toContainEqual(expect.stringMatching(/^CONFIG_ENV_MISSING\s+input exit 3\s/))
    const json = await runCommand(Rules, ['--kind', 'input', '--json'])
    expect(json.json.result.every((r: { kind: string; exitCode: number }) => r.kind === 'input' && [2, 3, 5, 10].includes(r.exitCode))).toBe(true)
  })

  it('lists the JSON Schema and Protobuf compatibility rules with their schema type', async () => {
    const run = await runCommand(Rules, ['--kind', 'compatibility', '--schema-type', 'protobuf'])
    expect(run.stdout).toMatch(/^FIELD_KIND_CHANGED\s+compat\s+protobuf\s+A field of the new schema is of another kind/m)
    expect(run.stdout).toMatch(/^SCHEMA_TYPE_CHANGED\s+compat\s+all\s/m)
    expect(run.stdout).not.toMatch(/^FIELD_ADDED_WITHOUT_DEFAULT/m)
    // An id longer than the column gets its facts on the next line.
    const json = await runCommand(Rules, ['--schema-type', 'json'])
    expect(json.stdout).toMatch(/^REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL\n\s+compat\s+json\s+The new schema adds a required property/m)
  })

  it('ID shows one rule in full: description, kind, schema types, default severity, options, docs, example', async () => {
    const run = await runCommand(Rules, ['FIELD_ADDED_WITHOUT_DEFAULT'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('FIELD_ADDED_WITHOUT_DEFAULT\nThe new schema adds a field without a default')
    expect(run.stdout).toMatch(/kind\s+compatibility \(type READER_FIELD_MISSING_DEFAULT_VALUE, backward\)/)
    expect(run.stdout).toMatch(/schema types\s+AVRO\n/)
    expect(run.stdout).toMatch(/severity\s+error \(default\)/)
    expect(run.stdout).toContain('Example:\n  Version 2 adds {"name": "age", "type": "int"}')
    const lint = await runCommand(Rules, ['field_name_case'])
    expect(lint.stdout).toMatch(/kind\s+lint \(category STANDARD\)/)
    expect(lint.stdout).toMatch(/Options:\n\s+lint\.fieldCase\s+camel/)
    const input = await runCommand(Rules, ['LINK_OUTSIDE_WORKSPACE'])
    expect(input.stdout).toMatch(/exit code\s+5/)
    expect(input.stdout).toContain('--follow-external-links')
    const lenient = await runCommand(Rules, ['PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL'])
    expect(lenient.stdout).toMatch(/schema types\s+JSON/)
    expect(lenient.stdout).toMatch(/compatibilityPolicy\s+LENIENT/)
  })

  it('ID with -o json and -o yaml: the one entry in the envelope', async () => {
    const json = await runCommand(Rules, ['INVALID_JSON', '-o', 'json'])
    expect(json.json).toEqual({
      status: 0,
      result: expect.objectContaining({ id: 'INVALID_JSON', kind: 'input', exitCode: 5, schemaTypes: ['AVRO', 'JSON', 'PROTOBUF'] }),
      warnings: [],
    })
    const yaml = await runCommand(Rules, ['INVALID_JSON', '-o', 'yaml'])
    expect(parseYaml(yaml.stdout)).toEqual(json.json)
    const list = await runCommand(Rules, ['--kind', 'history', '-o', 'yaml'])
    expect((parseYaml(list.stdout) as { result: Array<{ id: string }> }).result.map((r) => r.id)).toEqual([
      'REGISTERED_VERSION_CHANGED',
      'REGISTERED_VERSION_DELETED',
    ])
  })

  it('an unknown id exits 2 naming the nearest ids', async () => {
    const run = await runCommand(Rules, ['FIELD_ADED_WITHOUT_DEFAULT'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain("'FIELD_ADED_WITHOUT_DEFAULT' is not a rule id")
    expect(run.stderr).toContain('Did you mean FIELD_ADDED_WITHOUT_DEFAULT?')
    const json = await runCommand(Rules, ['NO_SUCH_THING_AT_ALL', '--json'])
    expect(json.code).toBe(2)
    expect(json.json.error).toMatchObject({ code: 'UNKNOWN_RULE', hint: 'See `schemactl rules` for the ids.' })
    const several = await runCommand(Rules, ['MAX_ITEMS_ADDEDD'])
    expect(several.stderr).toContain('Did you mean MAX_ITEMS_ADDED')
  })
})
