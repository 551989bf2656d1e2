/** A one-line status on stderr that redraws itself in place, for long reads on a terminal. */
export interface ProgressLine {
  /** Shows `text` (at most every `intervalMs`; the latest text wins). */
  update(text: string): void
  /** Takes the line off the terminal (before other output, and at the end). */
  clear(): void
}

const NONE: ProgressLine = { update: () => undefined, clear: () => undefined }

/**
 * Whether progress may be drawn: stderr is a terminal (or SCHEMACTL_PROGRESS=tty forces it, as
 * for migrate's view) and the result is not an envelope. Pipes, CI logs and `--json` get nothing.
 */
export function progressWanted(jsonEnabled: boolean, env: Record<string, string | undefined> = process.env): boolean {
  if (jsonEnabled) return false
  return process.stderr.isTTY === true || env.SCHEMACTL_PROGRESS === 'tty'
}

/**
 * A progress line on `stream` when `enabled`, else one that draws nothing. Redraws are throttled:
 * a status per subject of a 100,000-subject listing would cost more than the listing.
 */
export function progressLine(enabled: boolean, stream: NodeJS.WriteStream = process.stderr, intervalMs = 100): ProgressLine {
  if (!enabled) return NONE
  let shown = false
  let last = 0
  return {
    update(text) {
      const now = Date.now()
      if (now - last < intervalMs) return
      last = now
      const width = (stream.columns ?? 80) - 1
      stream.write(`\r\x1b[2K${text.length > width ? text.slice(0, width) : text}`)
      shown = true
    },
    clear() {
      if (shown) stream.write('\r\x1b[2K')
      shown = false
      // The next update draws at once: the line just went away.
      last = 0
    },
  }
}
