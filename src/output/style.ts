/** The text styles renderers use. `PLAIN_STYLE` leaves text as it is. */
export interface Style {
  bold(text: string): string
  dim(text: string): string
  red(text: string): string
  green(text: string): string
  yellow(text: string): string
  cyan(text: string): string
}

const plain = (text: string): string => text

/** No colours: for pipes, files, NO_COLOR and --no-color. */
export const PLAIN_STYLE: Style = { bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain }

/**
 * The style for a terminal: ANSI colours through chalk when `color` is on, plain otherwise.
 * chalk is imported only when needed, so runs in pipes and CI do not pay its start-up cost.
 */
export async function loadStyle(color: boolean): Promise<Style> {
  if (!color) return PLAIN_STYLE
  const { Chalk } = await import('chalk')
  return new Chalk({ level: 1 })
}
