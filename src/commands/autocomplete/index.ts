import { autocompleteCommand } from '../../cli/autocomplete-plugin.js'

/**
 * `schemactl autocomplete [bash|zsh|powershell]`: writes the completion scripts (commands, flags)
 * into oclif's cache folder and prints how to load them (@oclif/plugin-autocomplete).
 */
export default await autocompleteCommand('index')
