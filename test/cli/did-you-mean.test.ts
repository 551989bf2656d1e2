import { describe, expect, it } from 'vitest'
import { closestMatches } from '../../src/config/did-you-mean.js'

describe('closestMatches', () => {
  const commands = ['check', 'check-compat', 'get', 'get-config', 'lint', 'list', 'register', 'set-config']

  it('finds a missing, extra, wrong or swapped letter', () => {
    expect(closestMatches('lst', commands)).toEqual(['list'])
    expect(closestMatches('chekc', commands)).toEqual(['check'])
    expect(closestMatches('registr', commands)).toEqual(['register'])
    expect(closestMatches('LIST', commands)).toEqual(['list'])
  })

  it('keeps only the nearest, alphabetically, and nothing beyond a third of the word', () => {
    expect(closestMatches('lit', commands)).toEqual(['lint', 'list'])
    expect(closestMatches('get-confi', commands)).toEqual(['get-config'])
    expect(closestMatches('frobnicate', commands)).toEqual([])
    expect(closestMatches('x', commands)).toEqual([])
  })
})
