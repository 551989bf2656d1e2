import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { canAsk, confirm, type Terminal } from '../../src/cli/confirm.js'

/** A fake terminal: what is typed, and everything the question printed. */
function terminal(typed: string, tty = true): Terminal & { printed: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: tty })
  const output = Object.assign(new PassThrough(), { isTTY: tty })
  let printed = ''
  output.on('data', (d: Buffer) => (printed += d.toString()))
  setImmediate(() => input.write(typed))
  return { input, output, printed: () => printed }
}

describe('delete confirmation on a terminal', () => {
  it('asks only when input and output are both terminals', () => {
    expect(canAsk(terminal('', true))).toBe(true)
    expect(canAsk(terminal('', false))).toBe(false)
    expect(canAsk({ input: Object.assign(new PassThrough(), { isTTY: true }), output: new PassThrough() })).toBe(false)
  })

  it('deletes on y or yes, asking the question with [y/N]', async () => {
    const t = terminal('yes\n')
    expect(await confirm('Soft-delete orders-value (every version)?', t)).toBe(true)
    expect(t.printed()).toContain('Soft-delete orders-value (every version)? [y/N] ')
    expect(await confirm('Delete?', terminal('Y\n'))).toBe(true)
  })

  it('cancels on anything else, an empty answer included', async () => {
    expect(await confirm('Delete?', terminal('n\n'))).toBe(false)
    expect(await confirm('Delete?', terminal('\n'))).toBe(false)
    expect(await confirm('Delete?', terminal('yess\n'))).toBe(false)
  })
})
