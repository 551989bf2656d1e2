import { DEFAULT_LEVEL } from '../../engine/types.js'
import { validateLevel } from './level-value.js'
import type { KeyRule } from './rule.js'

/** `compatibility`: the default level of every subject. */
export const compatibilityRule: KeyRule<'compatibility'> = {
  key: 'compatibility',
  purpose: 'The default compatibility level of every subject (NONE, BACKWARD, …; default BACKWARD).',
  defaultValue: () => DEFAULT_LEVEL,
  validate: (value, context) => validateLevel(value, 'compatibility', context),
}
