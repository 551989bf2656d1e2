/** The compatibility verdicts of a diff, in each direction, from the engine's level checks. */
import { checkLevel } from '../compat/levels.js'
import { formatCheckException, formatIncompatibility } from '../compat/registry-messages.js'
import type { ParsedSchema } from '../types.js'
import type { DiffVerdict } from './types.js'

/**
 * BACKWARD (can `b` read data written with `a`?), FORWARD (can `a` read data written with `b`?)
 * and FULL (both), as the registry decides them with `a` as the only previous version. Messages
 * are the registry's incompatibility lines, without the old schema text it appends.
 */
export function diffVerdicts(a: ParsedSchema, b: ParsedSchema): DiffVerdict[] {
  const verdict = (level: 'BACKWARD' | 'FORWARD'): DiffVerdict => {
    const result = checkLevel(level, b, [a])
    const messages = [
      ...result.incompatibilities.map((inc) => formatIncompatibility(inc, inc.direction)),
      ...(result.errors ?? []).map((e) => formatCheckException(e.message)),
    ]
    return { level, compatible: result.compatible, messages, incompatibilities: result.incompatibilities }
  }
  const backward = verdict('BACKWARD')
  const forward = verdict('FORWARD')
  // FULL is both checks, forward first as the registry runs them: composing them saves walking twice.
  const full: DiffVerdict = {
    level: 'FULL',
    compatible: backward.compatible && forward.compatible,
    messages: [...forward.messages, ...backward.messages],
    incompatibilities: [...forward.incompatibilities, ...backward.incompatibilities],
  }
  return [backward, forward, full]
}
