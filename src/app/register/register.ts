import { stat } from 'node:fs/promises'
import { UsageError } from '../../errors.js'
import type { SchemaReference, SchemaType } from '../../registry/types.js'
import { registerSchemaFile, type RegisterResult } from './schema.js'
import type { RegistryContext } from '../registry/session.js'

/** Options of `register`; `subject`, `schemaType`, `references`, `metadata` and `ruleSet` apply to a single file only. */
export interface RegisterOptions {
  subject?: string
  schemaType?: SchemaType
  references?: SchemaReference[]
  /** A JSON file holding the metadata to send (replacing the contract file's). */
  metadata?: string
  /** A JSON file holding the rule set to send (replacing the contract file's). */
  ruleSet?: string
  normalize?: boolean
  dryRun?: boolean
  /** Folder only: register the compatible subjects even when others are refused. */
  partial?: boolean
  /** Folder only: register each subject's newest version only. */
  latestOnly?: boolean
  /** Follow symbolic links that leave the file's folder or the workspace folder (see workspace/read-file.ts). */
  followExternalLinks?: boolean
}

/**
 * Registers `input`: a workspace folder (every version the registry lacks, dependencies first), or one
 * schema file, or `-` for stdin. See `registerWorkspace` and `registerSchemaFile`.
 */
export async function register(ctx: RegistryContext, input: string, options: RegisterOptions): Promise<RegisterResult> {
  // A folder named like a schema file (`x.avsc/`) is a schema file that cannot be read, as `check` reports it.
  const isFolder =
    input !== '-' &&
    !input.endsWith('.avsc') &&
    (await stat(input).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  if (!isFolder) return registerSchemaFile(ctx, input, options)
  if (options.metadata !== undefined || options.ruleSet !== undefined) {
    throw new UsageError(`--${options.metadata !== undefined ? 'metadata' : 'rule-set'} applies to a single schema file; ${input} is a folder`, {
      code: 'CONTRACT_FLAG_WITH_FOLDER',
      hint: "A folder's versions take their contracts from their contract files (3.contract.json beside 3.avsc).",
    })
  }
  // The workspace reader (and the engine it parses with) is loaded only for a folder.
  const { registerWorkspace } = await import('./workspace.js')
  return registerWorkspace(ctx, input, options)
}
