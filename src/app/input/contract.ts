/**
 * Data contracts read from files a command is given: `--metadata FILE` and `--rule-set FILE` of
 * `register` and `check-compat`, the contract file beside a schema file (`3.contract.json` beside
 * `3.avsc`, as in a workspace), and the config files of `set-config` (`--default-metadata FILE`, …).
 * Each is checked with the shared contract core (engine/contracts/) before any request, so a file
 * the registry would refuse is an InputError (exit 5) at file:line:col, not a registry error.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, extname } from 'node:path'
import { parseMetadata, parseRuleSet, type Contract, type ContractIssue, type ContractOutcome } from '../../engine/contracts/index.js'
import { readJsonText } from '../../engine/schema/index.js'
import { InputError } from '../../errors.js'
import { contractIssueProblem, readContractFile } from '../../workspace/contract-file.js'
import type { FileProblem } from '../../workspace/findings.js'
import { readSchemaFile } from '../../workspace/read-file.js'

/** A contract to send with a schema: each member as its file writes it (the registry normalizes it), and the contract in normal form. */
export interface ContractInput {
  /** The `metadata` to send, as written; absent when none is given (the registry then inherits the previous version's). */
  metadata?: unknown
  /** The `ruleSet` to send, as written; absent when none is given. */
  ruleSet?: unknown
  /** The same members in the registry's normal form (for comparisons). */
  contract: Contract
  /** The files read, as given. */
  files: string[]
}

/** The files a contract comes from: `--metadata` and `--rule-set`, each a JSON file (comments allowed). */
export interface ContractFiles {
  metadata?: string
  ruleSet?: string
}

/**
 * The contract to send with `schemaFile`: the contract file beside it (`orders-value.contract.json`
 * beside `orders-value.avsc`, `3.contract.json` beside `3.avsc`), with each member `files` names
 * replacing the file's. Undefined when there is neither. Throws InputError (exit 5) at file:line:col
 * for a file that cannot be read, is not JSON, or holds what the registry would refuse.
 */
export function readSchemaContract(schemaFile: string, files: ContractFiles = {}): ContractInput | undefined {
  const beside = schemaFile === '-' ? undefined : contractFileBeside(schemaFile)
  const fromBeside = beside === undefined ? undefined : readContractDocumentFile(beside)
  const metadata = files.metadata === undefined ? undefined : readMemberFile(files.metadata, 'metadata')
  const ruleSet = files.ruleSet === undefined ? undefined : readMemberFile(files.ruleSet, 'ruleSet')
  const out: ContractInput = { contract: {}, files: [] }
  if (fromBeside !== undefined) Object.assign(out, fromBeside, { contract: { ...fromBeside.contract }, files: [...fromBeside.files] })
  if (metadata !== undefined) {
    out.metadata = metadata.json
    out.contract.metadata = metadata.value as Contract['metadata']
    out.files.push(metadata.file)
  }
  if (ruleSet !== undefined) {
    out.ruleSet = ruleSet.json
    out.contract.ruleSet = ruleSet.value as Contract['ruleSet']
    out.files.push(ruleSet.file)
  }
  return out.files.length === 0 ? undefined : out
}

/** The contract file that belongs to a schema file, when it exists: the schema file's name with `.contract.json` for its extension. */
export function contractFileBeside(schemaFile: string): string | undefined {
  const ext = extname(schemaFile)
  if (ext === '' || schemaFile.endsWith('.contract.json')) return undefined
  const file = schemaFile.slice(0, -ext.length) + '.contract.json'
  return existsSync(file) ? file : undefined
}

/** The config files of `set-config`, by the registry's config field they set. */
export interface ContractConfigFiles {
  defaultMetadata?: string
  overrideMetadata?: string
  defaultRuleSet?: string
  overrideRuleSet?: string
}

/**
 * Reads the config files of `set-config` into the config fields to send (each as its file writes
 * it). Throws InputError (exit 5) at file:line:col, as `readSchemaContract` does.
 */
export function readContractConfigFiles(files: ContractConfigFiles): Partial<Record<keyof ContractConfigFiles, unknown>> {
  const out: Partial<Record<keyof ContractConfigFiles, unknown>> = {}
  for (const key of ['defaultMetadata', 'overrideMetadata', 'defaultRuleSet', 'overrideRuleSet'] as const) {
    const file = files[key]
    if (file !== undefined) out[key] = readMemberFile(file, key.endsWith('Metadata') ? 'metadata' : 'ruleSet').json
  }
  return out
}

/** The part of a config a contract field belongs to. */
type Member = 'metadata' | 'ruleSet'

/** Reads one JSON file holding a metadata value or a rule set; InputError at file:line:col when it is not one the registry takes. */
function readMemberFile(file: string, member: Member): { file: string; json: unknown; value: unknown } {
  const text = readText(file)
  const json = readJsonText(text)
  if (!json.ok) throw problemsError(file, [{ code: 'INVALID_CONTRACT', file, message: json.message, ...json.position }])
  if (json.value === null)
    throw problemsError(file, [
      {
        code: 'INVALID_CONTRACT',
        file,
        message: `holds null: give ${member === 'metadata' ? 'a metadata object ({"tags", "properties", "sensitive"})' : 'a rule set ({"migrationRules", "domainRules", "encodingRules"})'}`,
        line: 1,
        column: 1,
      },
    ])
  const outcome: ContractOutcome<unknown> = member === 'metadata' ? parseMetadata(json.value, '') : parseRuleSet(json.value, '')
  if (!outcome.ok) throw problemsError(file, issuesIn(file, text, outcome.issues))
  return { file, json: json.value, value: outcome.value }
}

/**
 * Reads a contract document (`{ "metadata": …, "ruleSet": … }`, as `3.contract.json` holds it).
 * Throws InputError (exit 5) at file:line:col as `readSchemaContract` does.
 */
export function readContractDocumentFile(file: string): ContractInput {
  if (!existsSync(file)) throw problemsError(file, [{ code: 'FILE_UNREADABLE', file, message: 'no such file' }])
  const { contract, problems } = readContractFile((name) => readSchemaFile(dirname(file), name), basename(file))
  if (problems.length > 0 || contract.document === undefined)
    throw problemsError(
      file,
      problems.map((p) => ({ ...p, file })),
    )
  const json = contract.json as Record<string, unknown>
  return {
    ...(json.metadata != null ? { metadata: json.metadata } : {}),
    ...(json.ruleSet != null ? { ruleSet: json.ruleSet } : {}),
    contract: contract.document,
    files: [file],
  }
}

function readText(file: string): string {
  const read = readSchemaFile(dirname(file), basename(file))
  if (!read.ok) throw problemsError(file, [{ ...read.problem, file }])
  return read.text
}

function issuesIn(file: string, text: string, issues: ContractIssue[]): FileProblem[] {
  return issues.map((issue) => contractIssueProblem(file, text, issue))
}

/** The first problem as a one-line InputError (`file:line:col: message`), every problem in its data. */
function problemsError(file: string, problems: FileProblem[]): InputError {
  const [first] = problems
  const at = first.line === undefined ? '' : `:${first.line}:${first.column ?? 1}`
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length === 2 ? '' : 's'} in ${file})` : ''
  return new InputError(`${first.file}${at}: ${first.message}${more}`, {
    code: first.code === 'INVALID_CONTRACT' ? 'INVALID_CONTRACT' : first.code,
    hint: 'Fix the file: metadata is {"tags", "properties", "sensitive"}, a rule set {"migrationRules", "domainRules", "encodingRules"} (see docs/data-contracts.md).',
    data: { problems },
  })
}
