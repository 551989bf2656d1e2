/** The TTY progress view of `schemactl migrate` (ink; imported dynamically, only on a TTY). */
import { Box, Text, render } from 'ink'
import type { MigrateEvent } from '../app/migrate/migrate.js'
import { INITIAL_PROGRESS, progressAfter, renderMigrateProgress, type MigrateProgress } from '../output/migrate-progress.js'
import { PLAIN_STYLE, type Style } from '../output/style.js'

/** The view: one ink line per line of `renderMigrateProgress` at `columns` (each already fits; ink only guards it). */
export function MigrateProgressView({ state, now, columns, style = PLAIN_STYLE }: { state: MigrateProgress; now: number; columns: number; style?: Style }) {
  return (
    <Box flexDirection="column">
      {renderMigrateProgress(state, now, columns, style).map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  )
}

/**
 * Starts the live view (above it the plan summary `summarize` makes of the plan event) at the
 * terminal's width, read again on every redraw; `onEvent` feeds it, `stop` renders the last state
 * and unmounts. Redraws at most 10 times a second.
 */
export function startMigrateProgress(
  summarize: (e: MigrateEvent) => string | undefined = () => undefined,
  style: Style = PLAIN_STYLE,
): { onEvent: (e: MigrateEvent) => void; stop: () => Promise<void> } {
  // A pseudo-terminal without a size reports 0 columns, and ink then draws one character per line.
  if (!(process.stdout.columns > 0)) process.stdout.columns = 80
  let state = INITIAL_PROGRESS
  const view = () => <MigrateProgressView state={state} now={Date.now()} columns={process.stdout.columns} style={style} />
  const instance = render(view(), { patchConsole: false })
  const draw = () => instance.rerender(view())
  const timer = setInterval(draw, 100)
  return {
    onEvent(e) {
      state = progressAfter(state, e, Date.now(), summarize)
    },
    async stop() {
      clearInterval(timer)
      draw()
      instance.unmount()
      await instance.waitUntilExit()
    },
  }
}
