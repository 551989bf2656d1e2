import type { Config } from '@oclif/core'

/** docs/commands.md: every visible command's help, from the loaded oclif config. */
export function renderCommandsDoc(config: Config): Promise<string>
/** docs/rules.md: the rule catalogue grouped by kind. */
export function renderRulesDoc(
  rules: readonly { id: string; kind: string; severity: string; purpose: string; docs: string; category?: string; type?: string; direction?: string }[],
): string
