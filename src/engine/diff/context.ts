/** What every change-kind module of the diff receives: a sink for changes and the recursive compare. */
import type { Schema } from '../schema/model.js'
import type { SchemaChange } from './types.js'

/** Where a pair of nodes is used: a JSON Pointer into each document. */
export interface Sites {
  a: string
  b: string
}

/** The diff's state, passed down the walk. */
export interface DiffContext {
  /** Records one change, in walk order. */
  add(change: SchemaChange): void
  /**
   * Compares two nodes used at `sites`; `where` names them for messages (`field 'id'`).
   * A pair of named types is compared once, so recursive schemas terminate.
   */
  compare(a: Schema, b: Schema, sites: Sites, where: string): void
}
