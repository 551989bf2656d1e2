import { stat } from 'node:fs/promises'
import type { SchemaReference, SchemaType } from '../registry/types.js'
import { registerSchemaFile, type RegisterResult } from './register-schema.js'
import type { RegistryContext } from './registry-session.js'

/** Options of `register`; `subject`, `schemaType` and `references` apply to a single file only. */
export interface RegisterOptions {
  subject?: string
  schemaType?: SchemaType
  references?: SchemaReference[]
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
  const isFolder = input !== '-' && !input.endsWith('.avsc') && (await stat(input).then((s) => s.isDirectory(), () => false))
  if (!isFolder) return registerSchemaFile(ctx, input, options)
  // The workspace reader (and the engine it parses with) is loaded only for a folder.
  const { registerWorkspace } = await import('./register-workspace.js')
  return registerWorkspace(ctx, input, options)
}
