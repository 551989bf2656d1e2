/**
 * oclif's `command_not_found` hook (package.json oclif.hooks): a mistyped command answers with the
 * nearest commands, git-style, and exit 2 (usage); with `--json`, as the JSON error envelope. It
 * never asks a question (oclif's @oclif/plugin-not-found prompts on a terminal and, without one,
 * names no command), so scripts and CI get the same answer as a person. oclif loads it only when a
 * command is not found.
 */
import type { Hook } from '@oclif/core'
import { closestMatches } from '../../config/did-you-mean.js'
import { ExitCode } from '../exit-codes.js'

const hook: Hook<'command_not_found'> = async function ({ id, argv, config }) {
  // Ids use ':' between words; a user types spaces (package.json oclif.topicSeparator).
  const spoken = (commandId: string) => commandId.replaceAll(':', ' ')
  const visible = config.commands.filter((command) => !command.hidden)
  const candidates = [
    ...visible.flatMap((command) => [command.id, ...command.aliases]),
    ...config.topics.filter((topic) => !topic.hidden).map((topic) => topic.name),
  ]
  // With spaces between words, oclif joins the arguments after an unknown word into the id
  // (`regster x.avsc` → `regster:x.avsc`): the mistyped command ends at the first word that is no topic.
  const words = id.split(':')
  let depth = 0
  while (depth < words.length - 1 && config.findTopic(words.slice(0, depth + 1).join(':'))) depth++
  const typed = words.slice(0, depth + 1).join(':')
  const nearest = closestMatches(typed, candidates).map((match) => `'${config.bin} ${spoken(match)}'`)
  const message = `'${spoken(typed)}' is not a ${config.bin} command`
  const list = `Run ${config.bin} --help for the list of commands.`
  const hint = nearest.length === 0 ? list : `Did you mean ${nearest.join(' or ')}? ${list}`
  process.exitCode = ExitCode.usage
  if (argv?.includes('--json')) {
    const envelope = { status: ExitCode.usage, error: { code: 'COMMAND_NOT_FOUND', message, hint }, warnings: [] }
    process.stdout.write(JSON.stringify(envelope, null, 2) + '\n')
  } else {
    process.stderr.write(`Error: ${message}\nHint: ${hint}\n`)
  }
}

export default hook
