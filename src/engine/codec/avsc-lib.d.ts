// The avsc module src/engine/codec/avsc-types.ts imports beside its entry (avsc types only its entry).
declare module 'avsc/lib/utils.js' {
  /** avsc's binary cursor: reads `buf` from `pos`, past the end without failing (then `isValid()` is false). */
  interface Tap {
    buf: Uint8Array
    pos: number
    readLong(): number
    readInt(): number
    skipLong(): void
    skipInt(): void
    isValid(): boolean
  }
  const utils: { Tap: new (buf: Uint8Array, pos?: number) => Tap }
  export default utils
}
