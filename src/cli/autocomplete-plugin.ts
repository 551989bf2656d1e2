/**
 * Loads a command of @oclif/plugin-autocomplete by its file. The plugin's package exports none of
 * its commands, and it is not declared as an oclif plugin (a plugin is looked up at every start of
 * the CLI, `--version` included); the CLI's own `autocomplete` commands re-export its classes
 * instead. They load the plugin's own copy of @oclif/core, not the bundled one: it costs a slower
 * start of `schemactl autocomplete` only, run once when setting completion up (completing with
 * TAB then reads the generated scripts, without running schemactl).
 */
import type { Command } from '@oclif/core'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'

/** The command class in `lib/commands/autocomplete/<name>.js` of @oclif/plugin-autocomplete. */
export async function autocompleteCommand(name: 'index' | 'create' | 'script'): Promise<Command.Class> {
  const lib = dirname(createRequire(import.meta.url).resolve('@oclif/plugin-autocomplete'))
  const module = (await import(pathToFileURL(join(lib, 'commands', 'autocomplete', `${name}.js`)).href)) as { default: Command.Class }
  return module.default
}
