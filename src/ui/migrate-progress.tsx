/** The TTY progress view of `schemactl migrate` (ink; imported dynamically, only on a TTY). */
import { Box, Text, render } from 'ink'
import type { MigrateEvent } from '../app/migrate/migrate.js'

interface ProgressState {
  phase: string
  subjects: number
  subjectsDone: number
  toCopy: number
  done: number
  failed: number
  retries: number
  startedAt: number
  lastError?: string
  plan?: string
}

function MigrateProgress({ state, now }: { state: ProgressState; now: number }) {
  const seconds = Math.max((now - state.startedAt) / 1000, 0.001)
  const rate = state.done / seconds
  const left = state.toCopy - state.done - state.failed
  const eta = rate > 0 && left > 0 ? `${Math.ceil(left / rate)} s` : '—'
  return (
    <Box flexDirection="column">
      {state.plan ? <Text>{state.plan}</Text> : null}
      <Text>
        <Text bold>{state.phase}</Text> subjects {state.subjectsDone}/{state.subjects} · versions {state.done}/{state.toCopy} · {rate.toFixed(0)}/s · ETA {eta}
      </Text>
      <Text dimColor>
        retries {state.retries} · errors <Text color={state.failed ? 'red' : undefined}>{state.failed}</Text>
        {state.lastError ? ` · last: ${state.lastError}` : ''}
      </Text>
    </Box>
  )
}

/** Starts the live view (above it the plan summary `summarize` makes of the plan event); `onEvent` feeds it, `stop` renders the last state and unmounts. Redraws at most 10 times a second. */
export function startMigrateProgress(summarize: (e: MigrateEvent) => string | undefined = () => undefined): { onEvent: (e: MigrateEvent) => void; stop: () => Promise<void> } {
  // A pseudo-terminal without a size reports 0 columns, and ink then draws one character per line.
  if (!(process.stdout.columns > 0)) process.stdout.columns = 80
  const state: ProgressState = { phase: 'reading', subjects: 0, subjectsDone: 0, toCopy: 0, done: 0, failed: 0, retries: 0, startedAt: Date.now() }
  const instance = render(<MigrateProgress state={state} now={Date.now()} />, { patchConsole: false })
  const draw = () => instance.rerender(<MigrateProgress state={{ ...state }} now={Date.now()} />)
  const timer = setInterval(draw, 100)
  return {
    onEvent(e) {
      if (e.type === 'phase') state.phase = e.phase
      else if (e.type === 'plan') Object.assign(state, { subjects: e.subjects, toCopy: e.toCopy, startedAt: Date.now(), plan: summarize(e) })
      else if (e.type === 'subject') state.subjectsDone++
      else if (e.type === 'retry') state.retries++
      else if (e.status === 'migrated') state.done++
      else Object.assign(state, { failed: state.failed + 1, lastError: e.error })
    },
    async stop() {
      clearInterval(timer)
      draw()
      instance.unmount()
      await instance.waitUntilExit()
    },
  }
}
