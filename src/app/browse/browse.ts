/** `schemactl browse`: opens what is browsed (a registry or a workspace folder) for the terminal UI. */
import { withRegistry, type RegistryContext } from '../registry/session.js'
import { createRegistrySource } from './registry-source.js'
import type { BrowseSource } from './source.js'

/**
 * Connects to the registry the context names and runs `view` over it; the connection closes when
 * `view` ends. Configuration errors (exit 3) are thrown before `view` starts; registry errors
 * happen inside it, one request at a time.
 */
export function browseRegistry<T>(ctx: RegistryContext, options: { write: boolean }, view: (source: BrowseSource) => Promise<T>): Promise<T> {
  return withRegistry(ctx, (client) => view(createRegistrySource(client, { write: options.write, ctx })))
}

/**
 * Opens the workspace folder `dir` with its configuration and runs `view` over it. Throws
 * UsageError (exit 2) when the folder does not exist, InputError (exit 5) when it holds no schema,
 * ConfigError (exit 3) when its configuration is invalid, all before `view` starts.
 */
export async function browseWorkspace<T>(dir: string, view: (source: BrowseSource) => Promise<T>, warn: (message: string) => void): Promise<T> {
  // Loaded only for a folder: the workspace reader brings the engine, which browsing a registry does not need.
  const [{ openWorkspace }, { loadConfig }, { createWorkspaceSource }] = await Promise.all([
    import('../../workspace/workspace.js'),
    import('../../config/load.js'),
    import('./workspace-source.js'),
  ])
  const [workspace, loaded] = await Promise.all([openWorkspace(dir), loadConfig(dir)])
  for (const warning of loaded.warnings) warn(warning)
  return view(createWorkspaceSource(workspace, loaded.config))
}
