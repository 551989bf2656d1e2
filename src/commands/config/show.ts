import { showConfig, type ConfigShowResult } from '../../app/config/show.js'
import { registryFlags } from '../../cli/registry-flags.js'
import { RegistryCommand } from '../../cli/registry-command.js'
import { outputFlag } from '../../cli/output-flag.js'
import { renderConfigShow } from '../../output/registry.js'
import { loadStyle } from '../../output/style.js'

/** `schemactl config show`: the effective configuration, secrets redacted. */
export default class ConfigShow extends RegistryCommand<ConfigShowResult> {
  static override summary = 'Print the effective configuration and registry connection, secrets redacted.'
  static override examples = ['<%= config.bin %> config show', '<%= config.bin %> config show --registry prod --json']
  static override flags = { ...registryFlags, output: outputFlag }

  async run(): Promise<ConfigShowResult> {
    const { flags } = await this.parse(ConfigShow)
    const result = await showConfig(this.registryContext(flags))
    if (!this.jsonEnabled()) this.log(renderConfigShow(result, await loadStyle(this.colorEnabled)))
    return result
  }
}
