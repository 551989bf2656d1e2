import type { FileProblemCode } from '../workspace/findings.js'

/**
 * A problem of the input itself rather than of a schema rule: an unreadable or invalid file, a
 * bad workspace layout, a baseline or configuration that cannot be used. `schemactl rules --kind
 * input` lists them beside the rules; SARIF gives them rule descriptors.
 */
export interface InputProblem {
  readonly id: string
  /** One sentence: what went wrong. */
  readonly purpose: string
  /** What to do about it. */
  readonly docs: string
  /** The exit code of a run that meets it (5 invalid input, 3 configuration, 2 usage, 10 a bug). */
  readonly exitCode: 2 | 3 | 5 | 10
  /** Settings that change whether it is reported. */
  readonly options?: ReadonlyArray<{ name: string; description: string }>
}

type Entry = Omit<InputProblem, 'id'>

const file = (purpose: string, docs: string, options?: InputProblem['options']): Entry => ({ purpose, docs, exitCode: 5, ...(options ? { options } : {}) })

/** The problems of one workspace file or subject folder: findings of `check` and `lint` (exit 5). */
const FILE_PROBLEMS: Readonly<Record<FileProblemCode, Entry>> = {
  FILE_UNREADABLE: file(
    'A schema file or folder cannot be read (missing, not a regular file, no permission, a dangling link).',
    'Fix the path or the permissions, or remove the entry from the workspace.',
  ),
  FILE_TOO_LARGE: file(
    'A schema file is larger than the 10 MB limit for one schema.',
    'A schema that large is almost always a data file by mistake: move it out of the workspace.',
  ),
  SYMLINK_LOOP: file('A symbolic link in the workspace leads back to itself.', 'Point the link at a file, or remove it.'),
  LINK_OUTSIDE_WORKSPACE: file(
    'A symbolic link in the workspace leads outside it, and is not followed.',
    'Copy the file into the workspace, or follow such links knowingly with --follow-external-links (never for git baselines).',
    [{ name: '--follow-external-links', description: 'Follow links that lead out of the workspace folder (also SCHEMACTL_FOLLOW_EXTERNAL_LINKS=true).' }],
  ),
  INVALID_UTF8: file('A schema file is not UTF-8 text.', 'Save the file as UTF-8 (the registry stores schemas as UTF-8 strings).'),
  INVALID_JSON: file('A schema file is not valid JSON (comments are allowed in .avsc files).', 'Fix the syntax at the line and column given.'),
  NESTED_TOO_DEEP: file('A schema is nested too deeply to parse.', 'Flatten the schema: define nested types once and refer to them by name.'),
  INVALID_SCHEMA: file(
    'A schema file is read but is not a valid schema of its type (Avro, JSON Schema or Protobuf).',
    'Fix the schema at the place given; `schemactl check FILE` shows the error alone.',
  ),
  UNRESOLVED_REFERENCE: file(
    'A schema uses a type or $ref from another file that cannot be used (missing, invalid, or a circular reference).',
    'Define the type in the workspace (or fix the file that defines it), and break any cycle of references.',
  ),
  CONFLICTING_DEFINITION: file(
    'A schema uses a named type that files of two subjects define differently.',
    "Define the type once (one subject's file) and refer to it from the other, or make both definitions the same.",
  ),
  VERSION_NAME: file(
    'A file in a subject folder is not named by a version number.',
    'Name version files 1.avsc, 2.avsc, … (or .json, .proto); move other files out of the subject folder.',
  ),
  VERSION_GAP: file(
    'The version files of a subject folder are not contiguous (e.g. 1, 2, 4).',
    'Renumber the files so that they run 1, 2, 3, …; the highest is the newest.',
  ),
  AMBIGUOUS_SUBJECT: file(
    'Two files or folders name the same subject (or a folder holds one version twice).',
    'Keep one: subject.avsc for a subject with one schema, or subject/1.avsc, 2.avsc, … for one with history.',
  ),
  INVALID_CONTRACT: file(
    'A contract file (N.contract.json) is not valid JSON, or holds metadata or a rule set the registry would refuse.',
    'Fix the contract at the place given (docs/data-contracts.md describes the format).',
  ),
  CONTRACT_WITHOUT_SCHEMA: file(
    'A contract file has no schema file beside it to belong to.',
    'Put N.contract.json beside the version N.avsc (.json, .proto) it belongs to, or remove it.',
  ),
}

/** Errors that stop `check` or `lint` before any finding: the workspace, the baseline or the configuration cannot be used. */
const RUN_PROBLEMS: Readonly<Record<string, Entry>> = {
  EMPTY_WORKSPACE: {
    purpose: 'The workspace folder holds no schema file.',
    docs: 'Point at the folder that holds subject.avsc (.json, .proto) files or subject folders.',
    exitCode: 5,
  },
  WORKSPACE_NOT_FOUND: {
    purpose: 'The workspace folder does not exist, or is not a folder.',
    docs: 'Check the path given as DIR (relative to the current directory).',
    exitCode: 2,
  },
  WORKSPACE_UNREADABLE: { purpose: 'The workspace folder cannot be read.', docs: "Check the folder's permissions.", exitCode: 5 },
  INPUT_INVALID: { purpose: 'An input cannot be used (the message says which and why).', docs: 'Fix the input named in the message.', exitCode: 5 },
  UNKNOWN_BASELINE: {
    purpose: 'The --against value is neither a folder, git:<ref>, registry, a registry URL nor a profile of the config file.',
    docs: 'Give a workspace folder, git:<ref>, registry, a registry URL or a profile name.',
    exitCode: 2,
  },
  GIT_REF_NOT_FOUND: {
    purpose: 'The git ref of --against git:<ref> does not exist in the repository.',
    docs: 'Fetch it first (in CI: fetch-depth: 0, or git fetch origin main), or name an existing branch, tag or commit.',
    exitCode: 2,
  },
  GIT_REPOSITORY_NOT_FOUND: {
    purpose: 'The folder checked with --against git:<ref> is not inside a git repository.',
    docs: 'Run in a git checkout, or compare with a folder (--against DIR) instead.',
    exitCode: 2,
  },
  GIT_FAILED: {
    purpose: 'The git command that reads the baseline at a ref failed.',
    docs: 'Run the git command named in the message to see why (a broken or shallow clone, most often).',
    exitCode: 2,
  },
  LINT_BASELINE_INVALID: {
    purpose: 'The lint baseline file (.schemactl-lint-baseline.json) is not valid JSON or not a list of findings.',
    docs: 'Restore it from version control, or write it again with `schemactl lint --write-baseline`.',
    exitCode: 5,
  },
  CONFIG_INVALID: {
    purpose: 'The configuration file is invalid or cannot be read (each problem is named by its key).',
    docs: 'Fix the keys named; docs/configuration.md lists every key and its values.',
    exitCode: 3,
  },
  CONFIG_ENV_MISSING: {
    purpose: 'The configuration uses ${VAR}, but the environment variable is not set.',
    docs: 'Export the variable, or change the key that uses it.',
    exitCode: 3,
  },
  CONFIG_JS_DENIED: {
    purpose: 'A JavaScript configuration file is refused because SCHEMACTL_JS_CONFIG=deny.',
    docs: 'Use a JSON or YAML configuration file, or allow JavaScript configuration where its code can be trusted.',
    exitCode: 3,
    options: [
      { name: 'SCHEMACTL_JS_CONFIG', description: 'allow (the default) or deny: whether a JavaScript configuration file may be loaded (it runs code).' },
    ],
  },
  CONFIG_LINK_OUTSIDE: {
    purpose: 'The configuration file is a symbolic link that leads outside its folder, and is not read.',
    docs: 'Copy the configuration into the folder instead of linking it.',
    exitCode: 3,
  },
  UNKNOWN_REGISTRY_PROFILE: {
    purpose: 'A registry name (--registry, --against) is neither a URL nor a profile of the configuration file.',
    docs: 'Use a URL, or a profile listed under "registries" in the configuration (`schemactl config show`).',
    exitCode: 2,
  },
  INVALID_REGISTRY_URL: {
    purpose: 'A registry URL (flag, environment variable or configuration) is not a valid http(s) URL.',
    docs: 'Give a URL such as http://localhost:8081 (a bad URL in a flag exits 2).',
    exitCode: 3,
  },
  INVALID_ENV_VALUE: {
    purpose: 'An environment variable that sets a flag (SCHEMACTL_*) has a value the flag does not accept.',
    docs: 'Fix or unset the variable named in the message.',
    exitCode: 2,
  },
  INVALID_FLAG_VALUE: {
    purpose: 'A flag has a value it does not accept.',
    docs: 'Use one of the values the message lists (`schemactl COMMAND --help` shows them).',
    exitCode: 2,
  },
  INTERNAL: {
    purpose: 'schemactl failed where it should not (a parser failed on a file, or its defaults do not validate): a bug.',
    docs: 'Please report it with the output of the same command run with --debug, and the file it names if you can share it.',
    exitCode: 10,
  },
  USAGE: {
    purpose: 'The flags or arguments cannot be used together or as given.',
    docs: 'Follow the hint of the message; `schemactl COMMAND --help` shows the usage.',
    exitCode: 2,
  },
}

/** Every input problem `check` and `lint` can report: the file problems (findings), then those that stop a run. */
export const INPUT_PROBLEMS: readonly InputProblem[] = Object.entries({ ...FILE_PROBLEMS, ...RUN_PROBLEMS }).map(([id, entry]) => ({ id, ...entry }))
