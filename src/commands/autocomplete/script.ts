import { autocompleteCommand } from '../../cli/autocomplete-plugin.js'

/** `schemactl autocomplete script SHELL` (hidden): the line a shell's rc file runs to load the completion scripts. */
export default await autocompleteCommand('script')
