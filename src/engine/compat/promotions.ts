/** Avro's schema resolution promotions: which writer primitive a reader primitive can read. */
import type { PrimitiveType } from '../schema/model.js'

const PROMOTIONS: Readonly<Partial<Record<PrimitiveType, readonly PrimitiveType[]>>> = {
  long: ['int'],
  float: ['int', 'long'],
  double: ['int', 'long', 'float'],
  string: ['bytes'],
  bytes: ['string'],
}

/**
 * Whether data written as `writer` can be read as a *different* primitive `reader`
 * (int→long/float/double, long→float/double, float→double, string⇄bytes).
 */
export function isPromotable(reader: PrimitiveType, writer: PrimitiveType): boolean {
  return PROMOTIONS[reader]?.includes(writer) ?? false
}
