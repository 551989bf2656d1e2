import { parseContractDocument, type ContractDocument } from '../engine/contracts/document.js'
import { locatePointer, pointerSegments, readJsonText } from '../engine/schema/locate.js'
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
  const problems = outcome.issues.map((issue): FileProblem => {
    const where = pointerSegments(issue.path).join('.')
    const refusal = issue.errorCode === 42210 ? ' (the registry refuses this rule set: 42210)' : ''
    return { code: 'INVALID_CONTRACT', file, message: `${where === '' ? '' : `${where}: `}${issue.message}${refusal}`, path: issue.path, ...(locatePointer(read.text, issue.path) ?? { line: 1, column: 1 }) }
  })
  return { contract: { file, text: read.text, json: json.value }, problems }
}
