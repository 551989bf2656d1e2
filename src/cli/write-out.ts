/**
 * Writes `text` to stdout and waits while the pipe is full, so a long listing printed as it
 * arrives is held back by a slow reader instead of piling up in memory. A reader that goes away
 * (`| head`) ends the wait too.
 */
export function writeOut(text: string, stream: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (stream.write(text)) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      for (const event of ['drain', 'error', 'close']) stream.off(event, done)
      resolve()
    }
    for (const event of ['drain', 'error', 'close']) stream.once(event, done)
  })
}
