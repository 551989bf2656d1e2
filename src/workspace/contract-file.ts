import { parseContractDocument, type ContractDocument } from '../engine/contracts/index.js'
import type { ContractIssue } from '../engine/contracts/index.js'
import { locatePointer, pointerSegments, readJsonText } from '../engine/schema/index.js'
import type { FileProblem } from './findings.js'
import type { ReadResult } from './read-file.js'

/** A version's contract file, read: what it states, or nothing when it is invalid (its problems say why). */
export interface VersionContract {
  /** The contract file, relative to the workspace root. */
  file: string
  /** The file's text while the subject is loaded (for placing findings at line:col). */
  text?: string
  /** The file's JSON as written (lint findings are placed in it). */
  json?: unknown
  /** The contract the file states, in the registry's normal form; a member it leaves out is inherited on registration. */
  document?: ContractDocument
}

/**
 * Reads a contract file (`subject/3.contract.json`) with `readFile` (relative to the root, never
 * throws): JSON with comments allowed, holding `metadata` and `ruleSet` as a registration sends
 * them. Problems are placed at file:line:col: INVALID_CONTRACT for bad JSON or for metadata or a
 * rule set the registry would refuse (with the registry's error code and message).
 */
export function readContractFile(readFile: (file: string) => ReadResult, file: string): { contract: VersionContract; problems: FileProblem[] } {
  const read = readFile(file)
  if (!read.ok) return { contract: { file }, problems: [read.problem] }
  const json = readJsonText(read.text)
  if (!json.ok) return { contract: { file, text: read.text }, problems: [{ code: 'INVALID_CONTRACT', file, message: json.message, ...json.position }] }
  const outcome = parseContractDocument(json.value)
  if (outcome.ok) return { contract: { file, text: read.text, json: json.value, document: outcome.value }, problems: [] }
  return { contract: { file, text: read.text, json: json.value }, problems: outcome.issues.map((issue) => contractIssueProblem(file, read.text, issue)) }
}

/**
 * A contract issue found in a file's JSON (its `path` a pointer into that JSON) as an
 * INVALID_CONTRACT problem at the file's line:col, with the registry's error code for a refused rule set.
 */
export function contractIssueProblem(file: string, text: string, issue: ContractIssue): FileProblem {
  const where = pointerSegments(issue.path).join('.')
  const refusal = issue.errorCode === 42210 ? ' (the registry refuses this rule set: 42210)' : ''
  return {
    code: 'INVALID_CONTRACT',
    file,
    message: `${where === '' ? '' : `${where}: `}${issue.message}${refusal}`,
    path: issue.path,
    ...(locatePointer(text, issue.path) ?? { line: 1, column: 1 }),
  }
}
