import { describe, expect, it } from 'vitest'
import { visibleWidth, wrapLine } from '../../src/output/wrap.js'

describe('wrapLine', () => {
  it('breaks between words only, continuation lines starting with the indent given', () => {
    expect(wrapLine('  alpha beta  gamma delta', 14, '      ')).toBe('  alpha beta\n      gamma\n      delta')
  })

  it('keeps a word longer than the width whole, on a line of its own', () => {
    expect(wrapLine('a /very/long/path/that/cannot/break b', 10, '  ')).toBe('a\n  /very/long/path/that/cannot/break\n  b')
  })

  it('counts colour codes as taking no room', () => {
    const red = (s: string) => `\u001b[31m${s}\u001b[39m`
    expect(visibleWidth(red('abc'))).toBe(3)
    expect(wrapLine(`${red('abc')} def`, 7, '')).toBe(`${red('abc')} def`)
  })

  it('leaves a line alone without a width or when it fits', () => {
    const line = 'x '.repeat(200).trim()
    expect(wrapLine(line, undefined, '  ')).toBe(line)
    expect(wrapLine('short', 80, '  ')).toBe('short')
  })
})
