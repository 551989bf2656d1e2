import { Args, Flags } from '@oclif/core'
import { encode, type EncodeResult } from '../app/wire/encode.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { parseSchemaType } from '../app/input/schema.js'
import { MAX_INT32, parseVersionArg, registryFlags, schemaTypeFlag } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderEncodeSummary } from '../output/wire-text.js'

/** `schemactl encode [FILE]`. */
export default class Encode extends RegistryCommand<EncodeResult> {
  protected static override streamsStdout = true
  static override summary = 'Encode JSON records into Confluent-framed Avro, JSON Schema or Protobuf messages.'
  static override description =
    'Reads JSON records (one per line, or one JSON array) and writes framed messages (magic byte 0, schema id, then the Avro datum, the validated JSON, or the Protobuf message-index list and payload, by the schema\'s type): hex or base64 one per line, or one binary message. Avro unions take a plain value when exactly one branch fits it, or the Avro JSON form {"<branch>": value}; missing fields take their defaults. Protobuf records are in the canonical proto3 JSON mapping. The first record that does not fit stops the run with its record number and field path (exit 5); a schema --register finds incompatible is a finding (exit 1).'
  static override examples = [
    '<%= config.bin %> encode orders.jsonl --subject orders-value',
    '<%= config.bin %> encode orders.json --topic orders --schema order.avsc --register --output-format base64',
    'echo \'{"id": 1}\' | <%= config.bin %> encode --schema-id 42 --output-format binary --output msg.bin',
  ]
  static override args = { file: Args.string({ description: 'JSON input file (default: stdin).', ignoreStdin: true }) }
  static override flags = {
    ...registryFlags,
    subject: Flags.string({ char: 's', description: 'Subject whose schema encodes the records.' }),
    topic: Flags.string({ char: 't', description: 'Topic: the subject follows --strategy (default <topic>-value).' }),
    key: Flags.boolean({ description: 'With --topic: the key subject (<topic>-key).' }),
    strategy: Flags.string({ description: 'Subject naming strategy for --topic.', options: ['topic', 'record', 'topic-record'], default: 'topic' }),
    version: Flags.string({ description: 'Subject version to encode with: a number or latest (default latest).' }),
    'schema-id': Flags.integer({
      description: 'Encode with this global schema id.',
      min: 0,
      max: MAX_INT32,
      exclusive: ['subject', 'topic', 'version', 'schema', 'register'],
    }),
    schema: Flags.string({ description: 'Encode with this schema file (looked up under the subject; --register registers it).' }),
    'schema-type': schemaTypeFlag,
    message: Flags.string({
      description: 'Protobuf: the message type to write (full name, or relative to the package; default the first message of the schema).',
    }),
    register: Flags.boolean({ description: 'Register --schema under the subject first (an identical schema keeps its id).', dependsOn: ['schema'] }),
    'output-format': Flags.string({
      description: 'hex or base64 (one message per line), or binary (one record only).',
      options: ['hex', 'base64', 'binary'],
      default: 'hex',
      env: 'SCHEMACTL_OUTPUT_FORMAT',
    }),
    output: Flags.string({ char: 'o', description: 'Write the messages to this file instead of stdout.' }),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<EncodeResult> {
    const { args, flags } = await this.parse(Encode)
    const result = await encode(
      this.registryContext(flags),
      {
        file: args.file,
        subject: flags.subject,
        topic: flags.topic,
        key: flags.key,
        strategy: flags.strategy as 'topic' | 'record' | 'topic-record',
        version: parseVersionArg(flags.version),
        schemaId: flags['schema-id'],
        schema: flags.schema,
        schemaType: parseSchemaType(flags['schema-type']),
        message: flags.message,
        register: flags.register,
        outputFormat: flags['output-format'] as 'hex' | 'base64' | 'binary',
        output: flags.output,
        followExternalLinks: flags['follow-external-links'],
      },
      { stdin: process.stdin, stdout: process.stdout },
    )
    if (result.incompatible !== undefined) process.exitCode = 1
    if (!this.jsonEnabled() && (process.stderr.isTTY || result.incompatible !== undefined)) process.stderr.write(renderEncodeSummary(result) + '\n')
    return result
  }
}
