/**
 * Renders the generated reference pages: docs/commands.md from the oclif commands (their help, as
 * `schemactl COMMAND --help` prints it) and docs/rules.md from the rule catalogue (what
 * `schemactl rules` lists). Pure apart from oclif's help class; scripts/docs/generate.mjs writes
 * the files and test/docs/generated.test.ts checks they are current.
 */
import { loadHelpClass } from '@oclif/core'

/** Help text width: fixed, so the output does not depend on the terminal that regenerates it. */
const WIDTH = 100

const GENERATED = (source, command) => `<!-- Generated from ${source} by \`npm run docs\` (${command}); do not edit by hand. -->`

/** A GitHub heading anchor for a heading text. */
function anchor(text) {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** Removes ANSI escapes (oclif's help colours some words even with stripAnsi on older versions). */
function plain(text) {
  return text.replace(/\u001b\[[0-9;]*m/g, '').replace(/[ \t]+$/gm, '')
}

/**
 * docs/commands.md: every command of the loaded oclif config (hidden ones left out), in id
 * order, each with its summary and full help.
 */
export async function renderCommandsDoc(config) {
  const Help = await loadHelpClass(config)
  const help = new Help(config, { maxWidth: WIDTH, stripAnsi: true, respectNoCacheDefault: true })
  const commands = config.commands.filter((c) => !c.hidden).sort((a, b) => a.id.localeCompare(b.id))
  const bin = config.bin
  const fill = (text) => text.replaceAll('<%= config.bin %>', bin)
  const usage = (c) => {
    const id = c.id.replaceAll(':', ' ')
    const args = Object.entries(c.args ?? {}).map(([name, a]) => (a.required ? name.toUpperCase() : `[${name.toUpperCase()}]`))
    return [bin, id, ...args].join(' ')
  }
  const out = [
    '# Commands',
    '',
    GENERATED('the commands in src/commands/ (oclif.manifest.json)', 'scripts/docs/generate.mjs'),
    '',
    `Every command's help, as \`${bin} COMMAND --help\` prints it. Behaviour in depth: [checks in CI](ci.md),`,
    '[configuration](configuration.md), [migrate](migrate.md), [serve](serve.md), [exit codes](exit-codes.md),',
    `[rules](rules.md). Every command takes \`--json\`, \`--debug\` and \`--no-color\`.`,
    '',
    ...commands.map((c) => `- [\`${usage(c)}\`](#${anchor(usage(c))}): ${fill((c.summary ?? c.description ?? '').split('\n')[0])}`),
    '',
  ]
  for (const c of commands) {
    out.push(`## \`${usage(c)}\``, '')
    const summary = c.summary ?? (c.description ?? '').split('\n')[0]
    if (summary) out.push(fill(summary), '')
    out.push('```text', plain(help.formatCommand(c)).trim(), '```', '')
  }
  return out.join('\n')
}

const KINDS = {
  compatibility: {
    title: 'Compatibility rules',
    intro:
      "Avro's six incompatibility types, as the registry names them, and finer ids for one type in one direction (`backward`: the new schema reads old data; `forward`: the old schema reads new data); a finding carries the finest id that applies, and an approval of a type covers its finer ids. Then the registry's difference types for JSON Schema and Protobuf that break compatibility (under STRICT, the default policy, for JSON Schema; those only STRICT refuses name the `compatibilityPolicy` option), and the verdicts of any type. An approval may name any of them.",
  },
  history: {
    title: 'History rules',
    intro: "`check --against`: a subject's registered history is neither rewritten nor dropped.",
  },
  lint: {
    title: 'Lint rules',
    intro:
      "`lint` and `check --lint`. Categories nest (MINIMAL ⊂ STANDARD ⊂ STRICT); the config's `lint.use` selects categories and ids ([configuration](checks.md#schemactl-lint-dir)).",
  },
  input: {
    title: 'Input problems',
    intro:
      'Problems of the input itself, not rules: an unreadable or invalid file or a bad workspace layout (findings, exit 5), and a workspace, baseline or configuration that stops the run (the exit code given). `schemactl rules --kind input` lists them.',
  },
}

/** The detail line of a rule: severity (or exit code), category, schema types, Avro type and direction where they apply. */
function facts(rule) {
  const parts = [rule.kind === 'input' ? `exit ${rule.exitCode}` : rule.severity]
  if (rule.kind !== 'input' && rule.schemaTypes.length < 3) parts.push(rule.schemaTypes.join(', '))
  if (rule.category) parts.push(`category ${rule.category}`)
  if (rule.type && rule.type !== rule.id) parts.push(`type ${rule.type}`)
  if (rule.direction) parts.push(rule.direction)
  return parts.join(', ')
}

/** docs/rules.md: the catalogue grouped by kind, a table then each rule's docs. */
export function renderRulesDoc(rules) {
  const kinds = [...new Set(rules.map((r) => r.kind))]
  const out = [
    '# Rules',
    '',
    GENERATED('the rule catalogue (src/engine/rules/, `schemactl rules --json`)', 'scripts/docs/generate.mjs'),
    '',
    'Every finding of `check`, `lint` and `diff` carries one of these stable ids (`schemactl rules` lists them,',
    '`schemactl rules --long` with their docs, `schemactl rules ID` one in full). Each Avro, history and lint rule is one',
    'file in `src/engine/rules/` with a golden fixture in `test/fixtures/rules/<RULE_ID>/`; the JSON Schema and Protobuf',
    "compatibility rules are the registry's difference types (`src/engine/rules/differences/`), and the input problems",
    'are listed in `src/app/input-problems.ts`.',
    '',
  ]
  for (const kind of kinds) {
    const info = KINDS[kind] ?? { title: `${kind[0].toUpperCase()}${kind.slice(1)} rules`, intro: '' }
    const of = rules.filter((r) => r.kind === kind)
    out.push(`## ${info.title}`, '')
    if (info.intro) out.push(info.intro, '')
    out.push('| rule | | what it finds |', '|---|---|---|')
    for (const r of of) out.push(`| [\`${r.id}\`](#${anchor(r.id)}) | ${facts(r)} | ${r.purpose.replaceAll('|', '\\|')} |`)
    out.push('')
    for (const r of of) {
      out.push(`### ${r.id}`, '', `${r.purpose} *(${kind}, ${facts(r)})*`, '')
      if (r.docs) out.push(r.docs, '')
      if (r.options?.length) out.push(...r.options.map((o) => `- \`${o.name}\`: ${o.description}`), '')
      if (r.example) out.push('Example:', '', '```text', r.example, '```', '')
    }
  }
  return out.join('\n')
}
