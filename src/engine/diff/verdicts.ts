/** The compatibility verdicts of a diff, in each direction, from the engine's level checks. */
import { checkLevel } from '../compat/levels.js'
import { formatCheckException, formatIncompatibility } from '../compat/registry-messages.js'
import type { ParsedSchema } from '../types.js'
import type { DiffLevel, DiffVerdict } from './types.js'

const LEVELS: readonly DiffLevel[] = ['BACKWARD', 'FORWARD', 'FULL']

/**
 * BACKWARD (can `b` read data written with `a`?), FORWARD (can `a` read data written with `b`?)
 * and FULL (both), as the registry decides them with `a` as the only previous version. Messages
 * are the registry's incompatibility lines, without the old schema text it appends.
 */
export function diffVerdicts(a: ParsedSchema, b: ParsedSchema): DiffVerdict[] {
  return LEVELS.map((level) => {
    const result = checkLevel(level, b, [a])
    const messages = [
      ...result.incompatibilities.map((inc) => formatIncompatibility(inc, inc.direction)),
      ...(result.errors ?? []).map((e) => formatCheckException(e.message)),
    ]
    return { level, compatible: result.compatible, messages, incompatibilities: result.incompatibilities }
  })
}
