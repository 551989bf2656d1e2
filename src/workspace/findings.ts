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
