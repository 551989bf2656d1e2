/**
 * The registry's REST errors: an HTTP status plus Confluent's `error_code` and message text,
 * worded exactly as Confluent Schema Registry words them (see docs/registry-api.md, "Error codes").
 */

/**
 * An error answered as `{"error_code": code, "message": message}` with HTTP status `status`. It is an
 * expected answer, not a bug, so it carries no stack trace: capturing one made a 404 cost a few 200s.
 */
export class RestError extends Error {
  readonly status: number
  readonly errorCode: number

  constructor(errorCode: number, message: string) {
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    try {
      super(message)
    } finally {
      Error.stackTraceLimit = limit
    }
    this.name = 'RestError'
    this.errorCode = errorCode
    this.status = errorCode >= 1000 ? Math.floor(errorCode / 100) : errorCode
  }

  /** The JSON error body. */
  toBody(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message }
  }
}

/** The context name as Confluent prints it in mode messages: empty for the default context. */
function contextLabel(context: string): string {
  return context === '.' ? '' : context
}

/** Factories for every error the registry answers, one per Confluent error code and wording. */
export const restErrors = {
  subjectNotFound: (subject: string) => new RestError(40401, `Subject '${subject}' not found.`),
  versionNotFound: (version: number) => new RestError(40402, `Version ${version} not found.`),
  schemaNotFound: () => new RestError(40403, 'Schema not found'),
  schemaIdNotFound: (id: number) => new RestError(40403, `Schema ${id} not found`),
  subjectSoftDeleted: (subject: string) => new RestError(40404, `Subject '${subject}' was soft deleted.Set permanent=true to delete permanently`),
  subjectNotSoftDeleted: (subject: string) => new RestError(40405, `Subject '${subject}' was not deleted first before being permanently deleted`),
  versionSoftDeleted: (subject: string, version: number) =>
    new RestError(40406, `Subject '${subject}' Version ${version} was soft deleted.Set permanent=true to delete permanently`),
  versionNotSoftDeleted: (subject: string, version: number) =>
    new RestError(40407, `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`),
  subjectConfigNotFound: (subject: string) => new RestError(40408, `Subject '${subject}' does not have subject-level compatibility configured`),
  subjectModeNotFound: (subject: string) => new RestError(40409, `Subject '${subject}' does not have subject-level mode configured`),
  /** Current releases (CP 8.0.4+, 8.1.2+, 8.2+) answer 40901; older ones answered 409. */
  incompatibleSchema: (subject: string, messages: readonly string[]) =>
    new RestError(40901, `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`),
  invalidSchema: (details: string) => new RestError(42201, details),
  emptySchema: () => new RestError(42201, 'Empty schema'),
  invalidSchemaType: (type: string) => new RestError(42201, `Invalid schema type ${type}`),
  versionNotNext: () => new RestError(42201, 'Version is not one more than previous version'),
  invalidVersion: (raw: string) =>
    new RestError(42202, `The specified version '${raw}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`),
  /** An `id` in a registration request that is not an integer 1 … 2^31-1 (worded as Confluent words a bad version). */
  invalidId: (raw: string) => new RestError(42201, `The specified id '${raw}' is not a valid schema id. Allowed values are between [1, 2^31-1]`),
  invalidCompatibilityLevel: () =>
    new RestError(
      42203,
      'Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive',
    ),
  // The FORWARD mode of newer releases forwards writes to another registry, which a local registry cannot do.
  invalidMode: () => new RestError(42204, 'Invalid mode. Valid values are READWRITE, READONLY, and IMPORT.'),
  readOnly: (subject: string, context: string) => new RestError(42205, `Subject ${subject} in context ${contextLabel(context)} is in read-only mode`),
  notImportMode: (subject: string, context: string) => new RestError(42205, `Subject ${subject} in context ${contextLabel(context)} is not in import mode`),
  notReadWriteMode: (subject: string, context: string) =>
    new RestError(42205, `Subject ${subject} in context ${contextLabel(context)} is not in read-write mode`),
  importNotEmpty: () => new RestError(42205, 'Cannot import since found existing subjects'),
  modeChangesNotAllowed: () => new RestError(42205, 'Mode changes are not allowed'),
  idOverwrite: (id: number, context: string) =>
    new RestError(42205, `Overwrite new schema with id ${id} in context ${contextLabel(context)} is not permitted.`),
  idsExhausted: (context: string) =>
    new RestError(42205, `No new schema id is left in context ${contextLabel(context)}: ids are never reused, and the next one would exceed 2^31-1.`),
  versionOverwrite: (subject: string, version: number) =>
    new RestError(42205, `Overwrite new schema with version ${version} in subject ${subject} is not permitted.`),
  referenceExists: (subject: string, version: number) =>
    new RestError(42206, `One or more references exist to the schema {magic=1,keytype=SCHEMA,subject=${subject},version=${version}}.`),
  invalidSubject: (subject: string) => new RestError(42208, `The specified subject '${subject}' is not a valid.`),
  contextNotEmpty: (context: string) => new RestError(42211, `The specified context '${context}' is not empty.`),
  /** A data contract the registry refuses: 42210 with its rule-set message, or 400 for a value of the wrong shape. */
  invalidContract: (issue: { errorCode: 400 | 42210; path: string; message: string }) =>
    new RestError(issue.errorCode, issue.errorCode === 42210 ? issue.message : `Invalid ${issue.path}: ${issue.message}`),
  /** A config member of the wrong JSON type (what the registry's JSON reader refuses). */
  invalidConfigMember: (member: string, expected: string) => new RestError(400, `Invalid /${member}: must be ${expected}`),
  schemaGuidNotFound: (guid: string) => new RestError(40403, `Schema ${guid} not found`),
  storeFailed: (detail: string) => new RestError(50001, `Error while writing to the schema store: ${detail}`),
} as const
