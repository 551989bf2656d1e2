import { Args, Flags } from '@oclif/core'
import { UsageError } from '../errors.js'
import type { VersionRef } from '../registry/types.js'

/** The largest id, version or timer value a registry (a Java int) or Node's timers take. */
export const MAX_INT32 = 2 ** 31 - 1

/** Connection flags of every command that talks to a registry (kept apart from flags.ts, which loads the engine). */
export const registryFlags = {
  registry: Flags.string({
    char: 'r',
    description: 'Registry profile name (from the config file) or URL; comma-separated URLs fail over.',
    env: 'SCHEMACTL_REGISTRY',
    helpGroup: 'REGISTRY',
  }),
  insecure: Flags.boolean({
    description: 'Do not verify the registry TLS certificate (prints a warning).',
    helpGroup: 'REGISTRY',
  }),
  timeout: Flags.integer({
    description: 'Deadline of each attempt of a request in milliseconds (default 10000; also SCHEMA_REGISTRY_TIMEOUT_MS).',
    min: 1,
    max: MAX_INT32,
    helpGroup: 'REGISTRY',
  }),
}

/** `--context`: work inside a registry context (`.staging` or `staging`). */
export const contextFlag = Flags.string({ description: 'Registry context, e.g. .staging (subjects become :.staging:<subject>).' })

/** `--schema-type`. */
export const schemaTypeFlag = Flags.string({
  description: 'Schema type: AVRO (default; PROTOBUF for .proto files), JSON or PROTOBUF.',
  helpValue: 'AVRO|JSON|PROTOBUF',
})

/** `--normalize`: let the registry normalize the schema before comparing or storing. */
export const normalizeFlag = Flags.boolean({ description: 'Ask the registry to normalize the schema (normalize=true).' })

/** `--metadata FILE` and `--rule-set FILE`: a data contract to send with a schema file (checked before any request). */
export const contractFlags = {
  metadata: Flags.string({
    description:
      "Metadata to send, a JSON file ({tags, properties, sensitive}); replaces the contract file's (default: the schema file's N.contract.json, if any).",
    helpValue: 'FILE',
  }),
  'rule-set': Flags.string({
    description: "Rule set to send, a JSON file ({migrationRules, domainRules, encodingRules}); replaces the contract file's.",
    helpValue: 'FILE',
  }),
}

/** Parses a version argument: a positive integer or `latest`; UsageError (exit 2) otherwise. */
export function parseVersionArg(value: string | undefined): VersionRef | undefined {
  if (value === undefined) return undefined
  if (value.toLowerCase() === 'latest') return 'latest'
  if (/^[1-9]\d{0,9}$/.test(value) && Number(value) <= MAX_INT32) return Number(value)
  throw new UsageError(`'${value}' is not a version`, { code: 'INVALID_VERSION', hint: 'A version is a positive integer or "latest".' })
}

/** A schema id argument: a whole number from 0 to 2^31−1; anything else is a UsageError (exit 2). */
export const schemaIdArg = Args.custom<number>({
  async parse(input) {
    if (/^\d{1,10}$/.test(input) && Number(input) <= MAX_INT32) return Number(input)
    throw new UsageError(`'${input}' is not a schema id`, { code: 'INVALID_SCHEMA_ID', hint: `A schema id is a whole number from 0 to ${MAX_INT32}.` })
  },
})
