/** The streams a question is asked on: the process's stdin and stderr unless a test injects its own. */
export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean }
  output: NodeJS.WritableStream & { isTTY?: boolean }
}

const processTerminal = (): Terminal => ({ input: process.stdin, output: process.stderr })

/** Whether a question can be asked: both the input and the output are terminals. */
export function canAsk(terminal: Terminal = processTerminal()): boolean {
  return terminal.input.isTTY === true && terminal.output.isTTY === true
}

/** Asks a yes/no question on the terminal (call only when `canAsk`); resolves true for "y" or "yes". */
export async function confirm(question: string, terminal: Terminal = processTerminal()): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: terminal.input, output: terminal.output })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}
