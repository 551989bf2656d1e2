import { UsageError } from '../errors.js'

/**
 * How `loadConfig` treats a configuration file it cannot trust, such as one in the checkout of a
 * pull request from a fork that a CI gate checks.
 */
export interface ConfigLoadOptions {
  /** Read a configuration file that is a symbolic link leading outside its folder (refused by default). */
  followExternalLinks?: boolean
  /** `deny`: a JavaScript configuration file (.js, .mjs, .cjs) is a configuration error instead of code that runs. Default `allow`. */
  jsConfig?: 'allow' | 'deny'
}

/** The variable that sets `jsConfig`. */
export const JS_CONFIG_VARIABLE = 'SCHEMACTL_JS_CONFIG'

/** The variable that sets `followExternalLinks` (also the `--follow-external-links` flag's). */
export const FOLLOW_EXTERNAL_LINKS_VARIABLE = 'SCHEMACTL_FOLLOW_EXTERNAL_LINKS'

// The words oclif takes for a boolean flag's environment variable (src/cli/parse-errors.ts checks the same).
const TRUE_WORDS = ['1', 'true', 'y', 'yes']
const FALSE_WORDS = ['0', 'false', 'n', 'no']

/**
 * The options `env` sets: SCHEMACTL_JS_CONFIG (`allow` or `deny`, any case) and
 * SCHEMACTL_FOLLOW_EXTERNAL_LINKS (a boolean). Unset or empty means the default. A value that is
 * neither is a UsageError (exit 2) naming the variable.
 */
export function configLoadOptionsFromEnv(env: NodeJS.ProcessEnv): Required<ConfigLoadOptions> {
  const js = (env[JS_CONFIG_VARIABLE] ?? '').trim().toLowerCase()
  if (js !== '' && js !== 'allow' && js !== 'deny') {
    throw new UsageError(`${JS_CONFIG_VARIABLE}=${env[JS_CONFIG_VARIABLE]}: expected allow or deny`, {
      code: 'INVALID_ENV_VALUE',
      hint: `Fix or unset ${JS_CONFIG_VARIABLE}.`,
    })
  }
  const follow = (env[FOLLOW_EXTERNAL_LINKS_VARIABLE] ?? '').trim().toLowerCase()
  if (follow !== '' && !TRUE_WORDS.includes(follow) && !FALSE_WORDS.includes(follow)) {
    throw new UsageError(`${FOLLOW_EXTERNAL_LINKS_VARIABLE}=${env[FOLLOW_EXTERNAL_LINKS_VARIABLE]}: expected true or false (1 or 0, yes or no)`, {
      code: 'INVALID_FLAG_VALUE',
      hint: `Fix or unset ${FOLLOW_EXTERNAL_LINKS_VARIABLE}.`,
    })
  }
  return { jsConfig: js === 'deny' ? 'deny' : 'allow', followExternalLinks: TRUE_WORDS.includes(follow) }
}
