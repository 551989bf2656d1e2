/**
 * The Avro logical types the codec understands, as avsc logical types. Decoding turns a decimal
 * into its exact decimal string; the other logical values decode as their underlying value
 * (epoch numbers, the uuid string). Encoding takes the underlying value the JSON conversion
 * (json-input.ts) already made, so these types only carry what it needs: name, precision, scale.
 */
import avsc from 'avsc'
import { formatDecimal, fromTwosComplement } from './logical-values.js'

/** A decimal over bytes or fixed: reads as its exact decimal string; writes the two's complement bytes it is given. */
export class DecimalType extends avsc.types.LogicalType {
  /** Digits the value may have. */
  readonly precision: number
  /** Digits after the point. */
  readonly scale: number

  constructor(schema: avsc.Schema, opts?: avsc.ForSchemaOptions) {
    super(schema, opts)
    const { precision, scale = 0 } = schema as { precision?: unknown; scale?: unknown }
    const underlying = this.underlyingType.typeName
    // Thrown here, avsc falls back to the underlying type: the spec's rule for an invalid logical type.
    if (underlying !== 'bytes' && underlying !== 'fixed') throw new Error('decimal needs bytes or fixed')
    if (
      !Number.isInteger(precision) ||
      (precision as number) < 1 ||
      !Number.isInteger(scale) ||
      (scale as number) < 0 ||
      (scale as number) > (precision as number)
    ) {
      throw new Error('invalid decimal precision or scale')
    }
    this.precision = precision as number
    this.scale = scale as number
  }

  protected override _fromValue(bytes: Uint8Array): string {
    return formatDecimal(fromTwosComplement(bytes), this.scale)
  }

  protected override _toValue(bytes: unknown): unknown {
    return bytes
  }

  /** Reads a decimal of the same scale as is, and plain bytes or fixed as a decimal of this scale. */
  protected override _resolve(writer: avsc.Type): ((value: unknown) => unknown) | undefined {
    if (writer instanceof DecimalType) return writer.scale === this.scale ? (value) => value : undefined
    const name = writer.typeName
    return name === 'bytes' || name === 'fixed' ? (value) => this._fromValue(value as Uint8Array) : undefined
  }
}

/** A logical type whose value the JSON conversion makes (timestamps, dates, uuids): passed through both ways. */
export class PassThroughLogicalType extends avsc.types.LogicalType {
  constructor(schema: avsc.Schema, opts: avsc.ForSchemaOptions | undefined, underlying?: avsc.Type) {
    super(schema, opts)
    // avsc instantiates the underlying type itself; a long here must be the exact one (avsc-types.ts).
    if (underlying !== undefined && this.underlyingType.typeName === 'long') (this as unknown as { _underlyingType: avsc.Type })._underlyingType = underlying
  }

  protected override _fromValue(value: unknown): unknown {
    return value
  }

  protected override _toValue(value: unknown): unknown {
    return value
  }

  protected override _resolve(): undefined {
    return undefined
  }
}

/** Logical type names the JSON conversion reads or writes besides decimal. */
export const PASS_THROUGH_LOGICAL_TYPES = ['timestamp-millis', 'timestamp-micros', 'local-timestamp-millis', 'local-timestamp-micros', 'date', 'uuid'] as const
