/**
 * A contract document: the JSON of a workspace's contract file (`subject/3.contract.json`,
 * `subject.contract.json`), `{ "metadata": …, "ruleSet": … }`, the two members of a registration
 * request that make up a data contract.
 */
import { escapePointerSegment } from '../schema/locate.js'
import { parseMetadata, parseRuleSet } from './parse.js'
import type { Contract, ContractIssue, ContractOutcome } from './types.js'

/** A contract as a document states it: a member it leaves out (or sets to null) is inherited from the previous version on registration. */
export type ContractDocument = Contract

const MEMBERS = ['metadata', 'ruleSet']

/**
 * Reads a contract document. Unlike the registry, which ignores members it does not know, a
 * member other than `metadata` and `ruleSet` is an issue here: in a file it is a typo that would
 * otherwise drop a contract silently.
 */
export function parseContractDocument(raw: unknown): ContractOutcome<ContractDocument> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, issues: [{ errorCode: 400, path: '', message: 'a contract file holds a JSON object: { "metadata": …, "ruleSet": … }' }] }
  }
  const object = raw as Record<string, unknown>
  const issues: ContractIssue[] = Object.keys(object)
    .filter((key) => !MEMBERS.includes(key))
    .map((key) => ({
      errorCode: 400,
      path: `/${escapePointerSegment(key)}`,
      message: `unknown member '${key}' (a contract file holds "metadata" and "ruleSet")`,
    }))
  const metadata = parseMetadata(object.metadata, '/metadata')
  const ruleSet = parseRuleSet(object.ruleSet, '/ruleSet')
  if (!metadata.ok) issues.push(...metadata.issues)
  if (!ruleSet.ok) issues.push(...ruleSet.issues)
  if (issues.length > 0 || !metadata.ok || !ruleSet.ok) return { ok: false, issues }
  return {
    ok: true,
    value: { ...(metadata.value !== undefined ? { metadata: metadata.value } : {}), ...(ruleSet.value !== undefined ? { ruleSet: ruleSet.value } : {}) },
  }
}
