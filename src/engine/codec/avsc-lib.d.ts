// The avsc module src/engine/codec/avsc-types.ts imports beside its entry (avsc types only its entry).
declare module 'avsc/lib/utils.js' {
  /** avsc's binary cursor: reads `buf` from `pos`, past the end without failing (then `isValid()` is false). */
  class Tap {
    constructor(buf: Uint8Array, pos?: number)
    buf: Uint8Array
    pos: number
    readLong(): number
    readInt(): number
    skipLong(): void
    skipInt(): void
    isValid(): boolean
  }
  const utils: { Tap: typeof Tap }
  export default utils
}
