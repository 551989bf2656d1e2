/**
 * Asks a yes/no question on the terminal. Only called when stdin and stderr are TTYs; resolves
 * true for "y" or "yes".
 */
export async function confirm(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises')
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim())
  } finally {
    rl.close()
  }
}
