import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { defaultDataFolder } from '../server/data-folder.js'
import { startRegistryServer, type ServeLogLevel } from '../server/index.js'

/** What `serve --json` reports once the server has stopped. */
export interface ServeResult {
  url: string
}

/** Runs a durable, Confluent-compatible schema registry until SIGINT/SIGTERM. */
export default class Serve extends BaseCommand<ServeResult> {
  static override summary = 'Run a local Confluent-compatible schema registry.'
  static override description =
    'Serves the Confluent Schema Registry REST API on 127.0.0.1, storing every change in an append-only, fsynced changelog under --data (default: $XDG_DATA_HOME/schemactl/registry, else ~/.local/share/schemactl/registry).'

  static override examples = ['<%= config.bin %> serve --data ./.registry --port 8081', '<%= config.bin %> serve --memory --port 0']

  static override flags = {
    port: Flags.integer({ description: 'Port to listen on (0 picks a free port).', default: 8081, env: 'SCHEMACTL_SERVE_PORT', min: 0, max: 65535 }),
    host: Flags.string({ description: 'Address to bind.', default: '127.0.0.1', env: 'SCHEMACTL_SERVE_HOST' }),
    data: Flags.string({
      description: 'Data folder (changelog and lock); default: the user data folder, printed at start.',
      env: 'SCHEMACTL_SERVE_DATA',
      exclusive: ['memory'],
    }),
    memory: Flags.boolean({ description: 'Keep everything in memory (nothing survives a restart).', exclusive: ['data'] }),
    'basic-auth': Flags.string({
      description: 'Require HTTP basic auth with this user:password (prefer the variable or --users-file: a flag is visible in ps).',
      env: 'SCHEMACTL_SERVE_BASIC_AUTH',
    }),
    'users-file': Flags.string({ description: 'File of user:password lines accepted for basic auth.', env: 'SCHEMACTL_SERVE_USERS_FILE' }),
    insecure: Flags.boolean({ description: 'Allow a non-loopback bind without authentication.' }),
    'read-only': Flags.boolean({ description: 'Reject every write.' }),
    'log-level': Flags.string({
      description: 'Log verbosity; debug logs every request.',
      options: ['error', 'warn', 'info', 'debug'],
      default: 'info',
      env: 'SCHEMACTL_SERVE_LOG_LEVEL',
    }),
  }

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve)
    const data = flags.memory ? undefined : (flags.data ?? defaultDataFolder(process.env))
    const server = await startRegistryServer({
      host: flags.host,
      port: flags.port,
      data,
      memory: flags.memory,
      basicAuth: flags['basic-auth'],
      usersFile: flags['users-file'],
      insecure: flags.insecure,
      readOnly: flags['read-only'],
      logLevel: flags['log-level'] as ServeLogLevel,
    })
    // A signal is how a server is stopped: once in-flight requests and their writes finish, it exits 0 (a second signal stops it at once).
    await this.untilStopped(
      async (signal) => {
        // Printed once the signals are handled: whoever waits for this line may stop the server right away.
        process.stdout.write(
          `schemactl registry listening on ${server.url} (${data === undefined ? 'in memory: nothing survives a restart' : `data in ${data}`})\n`,
        )
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))
        await server.close()
      },
      { stopIsSuccess: true },
    )
    return { url: server.url }
  }
}
