import { describe, expect, it } from 'vitest'
import { checkCacheFolder, userCacheFolder } from '../../src/workspace/cache-folder.js'

describe('userCacheFolder', () => {
  it('is SCHEMACTL_CACHE_DIR when set, else the platform user cache folder', () => {
    expect(userCacheFolder({ SCHEMACTL_CACHE_DIR: '/c', HOME: '/h' }, 'linux')).toBe('/c')
    expect(userCacheFolder({ HOME: '/h' }, 'linux')).toBe('/h/.cache/schemactl')
    expect(userCacheFolder({ HOME: '/h', XDG_CACHE_HOME: '/x' }, 'linux')).toBe('/x/schemactl')
    expect(userCacheFolder({ HOME: '/h' }, 'darwin')).toBe('/h/Library/Caches/schemactl')
  })
})

describe('checkCacheFolder', () => {
  it('is none with --no-cache', () => {
    expect(checkCacheFolder({ SCHEMACTL_CACHE_DIR: '/c' }, true)).toBeUndefined()
  })

  it('is none in a CI job that names no cache folder, whose home cache is thrown away with it', () => {
    expect(checkCacheFolder({ CI: 'true', HOME: '/h' }, false)).toBeUndefined()
    expect(checkCacheFolder({ CI: '1', XDG_CACHE_HOME: '/x' }, false)).toBeUndefined()
  })

  it('is the named folder in a CI job that keeps one, and the user cache folder outside CI', () => {
    expect(checkCacheFolder({ CI: 'true', SCHEMACTL_CACHE_DIR: '/kept' }, false)).toBe('/kept')
    expect(checkCacheFolder({ CI: 'false', XDG_CACHE_HOME: '/x' }, false)).toBe('/x/schemactl')
    expect(checkCacheFolder({ XDG_CACHE_HOME: '/x' }, false)).toBe('/x/schemactl')
  })
})
