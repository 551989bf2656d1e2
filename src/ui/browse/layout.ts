/**
 * Where the panes of `schemactl browse` go for a terminal size: side by side from 120 columns,
 * subjects over versions beside the schema below that, and a "too small" notice under 60×12. Pure.
 */

/** The smallest terminal browse draws its panes in. */
export const MIN_COLUMNS = 60
export const MIN_ROWS = 12

/** A pane's outer size (borders included). */
export interface PaneBox {
  width: number
  height: number
}

/** The panes for one terminal size; `rows` of each pane is the number of list or text lines it shows. */
export interface BrowseLayout {
  columns: number
  rows: number
  kind: 'wide' | 'narrow' | 'tiny'
  subjects: PaneBox
  versions: PaneBox
  schema: PaneBox
  /** The overlay (help, diff, references, …) covers the panes. */
  overlay: PaneBox
}

/** Lines a pane spends on its border (2) and its title (1). */
export const PANE_CHROME = 3

/** The layout for a terminal of `columns` × `rows` (the header and the status line take a row each). */
export function layoutFor(columns: number, rows: number): BrowseLayout {
  const main = rows - 2
  const overlay = { width: columns, height: main }
  if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
    const none = { width: 0, height: 0 }
    return { columns, rows, kind: 'tiny', subjects: none, versions: none, schema: none, overlay }
  }
  if (columns >= 120) {
    const subjects = Math.max(44, Math.floor(columns * 0.36))
    const versions = 34
    return {
      columns,
      rows,
      kind: 'wide',
      subjects: { width: subjects, height: main },
      versions: { width: versions, height: main },
      schema: { width: columns - subjects - versions, height: main },
      overlay,
    }
  }
  const left = Math.min(60, Math.max(40, Math.floor(columns * 0.55)))
  const subjectsHeight = Math.ceil(main * 0.58)
  return {
    columns,
    rows,
    kind: 'narrow',
    subjects: { width: left, height: subjectsHeight },
    versions: { width: left, height: main - subjectsHeight },
    schema: { width: columns - left, height: main },
    overlay,
  }
}

/** Lines of content a pane of this box shows. */
export function paneRows(box: PaneBox): number {
  return Math.max(1, box.height - PANE_CHROME)
}

/** Characters of content per line in a pane of this box. */
export function paneWidth(box: PaneBox): number {
  return Math.max(1, box.width - 2)
}

/**
 * The first line to show so that `cursor` stays visible in a window of `rows` lines over `count`
 * items, moving as little as possible from `top`.
 */
export function scrollTo(top: number, cursor: number, rows: number, count: number): number {
  let next = top
  if (cursor < next) next = cursor
  if (cursor >= next + rows) next = cursor - rows + 1
  return Math.max(0, Math.min(next, Math.max(0, count - rows)))
}
