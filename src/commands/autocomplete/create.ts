import { autocompleteCommand } from '../../cli/autocomplete-plugin.js'

/** `schemactl autocomplete create` (hidden): writes the completion scripts of every shell into oclif's cache folder. */
export default await autocompleteCommand('create')
