/** Codes of problems with workspace files and layout (schema validity itself is `INVALID_SCHEMA`). */
export type FileProblemCode =
  | 'FILE_UNREADABLE'
  | 'FILE_TOO_LARGE'
  | 'SYMLINK_LOOP'
  | 'LINK_OUTSIDE_WORKSPACE'
  | 'INVALID_UTF8'
  | 'INVALID_JSON'
  | 'NESTED_TOO_DEEP'
  | 'INVALID_SCHEMA'
  | 'UNRESOLVED_REFERENCE'
  | 'CONFLICTING_DEFINITION'
  | 'VERSION_NAME'
  | 'VERSION_GAP'
  | 'AMBIGUOUS_SUBJECT'
  | 'INVALID_CONTRACT'
  | 'CONTRACT_WITHOUT_SCHEMA'

/**
 * A problem with one input file (or subject folder), in user terms: `file:line:col: message`.
 * `file` is relative to the workspace root; line and column are 1-based and present when known.
 */
export interface FileProblem {
  code: FileProblemCode
  message: string
  file: string
  line?: number
  column?: number
  /** JSON Pointer into the file's schema, when the problem is at a node. */
  path?: string
}

/** Every file problem code with one sentence on what it means (SARIF lists them beside the rule catalogue). */
export const FILE_PROBLEM_CODES: Readonly<Record<FileProblemCode, string>> = {
  FILE_UNREADABLE: 'A schema file or folder cannot be read.',
  FILE_TOO_LARGE: 'A schema file is larger than the limit for one schema.',
  SYMLINK_LOOP: 'A symbolic link in the workspace leads back to itself.',
  LINK_OUTSIDE_WORKSPACE: 'A symbolic link in the workspace leads outside it, and is not followed (--follow-external-links follows it).',
  INVALID_UTF8: 'A schema file is not UTF-8 text.',
  INVALID_JSON: 'A schema file is not valid JSON.',
  NESTED_TOO_DEEP: 'A schema is nested too deeply to parse.',
  INVALID_SCHEMA: 'A schema file is JSON but not a valid Avro schema.',
  UNRESOLVED_REFERENCE: 'A schema uses a named type from another file that cannot be used (invalid, or a circular reference).',
  CONFLICTING_DEFINITION: 'A schema uses a named type that files of two subjects define differently.',
  VERSION_NAME: 'A file in a subject folder is not named by a version number.',
  VERSION_GAP: 'The version files of a subject folder are not contiguous.',
  AMBIGUOUS_SUBJECT: 'Two files or folders name the same subject.',
  INVALID_CONTRACT: 'A contract file (N.contract.json) is not valid JSON, or holds metadata or a rule set the registry would refuse.',
  CONTRACT_WITHOUT_SCHEMA: 'A contract file has no schema file beside it to belong to.',
}
