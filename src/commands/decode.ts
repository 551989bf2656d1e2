import { Args, Flags } from '@oclif/core'
import { decode, type DecodeResult, type InputFormat } from '../app/wire/decode.js'
import { followExternalLinksFlag } from '../cli/flags.js'
import { registryFlags } from '../cli/registry-flags.js'
import { RegistryCommand } from '../cli/registry-command.js'
import { renderDecodeSummary, renderMessageError } from '../output/wire-text.js'

/** `schemactl decode [FILE]`. */
export default class Decode extends RegistryCommand<DecodeResult> {
  protected static override streamsStdout = true
  static override summary = 'Decode Confluent-framed Avro, JSON Schema or Protobuf messages into JSON lines.'
  static override description =
    "Reads framed messages (magic byte 0, schema id, then the Avro datum, the JSON record (validated against its JSON Schema), or the Protobuf message-index list and payload (printed in the canonical proto3 JSON mapping)): hex or base64 one per line (kcat and kafka-console-consumer output is tolerated: the value is the last tab-separated column; hex also takes kafka-console-consumer's BytesDeserializer form), length-prefixed binary (kcat -f '%R%s'), or one binary message. Prints one JSON value per message (null for a tombstone); each schema id is fetched once. A message that cannot be decoded is reported on stderr and the others are still decoded; the exit code is 1 if any failed."
  static override examples = [
    '<%= config.bin %> decode messages.hex',
    '<%= config.bin %> decode messages.b64 --input-format base64 --reader-subject orders-value@latest',
    '<%= config.bin %> decode message.bin --input-format binary --reader-schema order-v2.avsc',
    "kcat -C -b localhost:9092 -t orders -e -f '%R%s' | <%= config.bin %> decode --input-format binary-lp",
  ]
  static override args = { file: Args.string({ description: 'Input file (default: stdin).', ignoreStdin: true }) }
  static override flags = {
    ...registryFlags,
    'input-format': Flags.string({
      description:
        "How messages are written: hex or base64 (one per line), binary-lp (each message after its 4-byte big-endian length, as kcat -f '%R%s' writes), or binary (the whole input is one message).",
      options: ['hex', 'base64', 'binary-lp', 'binary'],
      default: 'hex',
      env: 'SCHEMACTL_INPUT_FORMAT',
    }),
    'reader-schema': Flags.string({ description: 'Avro: decode with schema resolution to this reader schema file.', exclusive: ['reader-subject'] }),
    'reader-subject': Flags.string({ description: 'Avro: decode with schema resolution to <subject>@<version|latest> from the registry.' }),
    'avro-json': Flags.boolean({ description: 'Print unions wrapped ({"string": "x"}), the full Avro JSON encoding.' }),
    'fail-fast': Flags.boolean({ description: 'Stop at the first message that cannot be decoded.' }),
    'follow-external-links': followExternalLinksFlag,
  }

  async run(): Promise<DecodeResult> {
    const { args, flags } = await this.parse(Decode)
    const json = this.jsonEnabled()
    const result = await decode(
      this.registryContext(flags),
      {
        file: args.file,
        inputFormat: flags['input-format'] as InputFormat,
        readerSchema: flags['reader-schema'],
        readerSubject: flags['reader-subject'],
        avroJson: flags['avro-json'],
        failFast: flags['fail-fast'],
        followExternalLinks: flags['follow-external-links'],
        jsonLines: json,
        onError: json ? undefined : (error) => process.stderr.write(renderMessageError(error) + '\n'),
      },
      { stdin: process.stdin, stdout: process.stdout },
    )
    if (result.failed > 0) process.exitCode = 1
    if (!json && (result.failed > 0 || process.stderr.isTTY)) process.stderr.write(renderDecodeSummary(result) + '\n')
    return result
  }
}
