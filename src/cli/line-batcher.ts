/**
 * Lines for a stream, written together every `intervalMs` instead of one write each: a progress
 * line per migrated subject or version would otherwise cost a system call apiece, more than the
 * copy of a version. `flush` writes what is left (call it before the command's last output).
 */
export function lineBatcher(stream: NodeJS.WritableStream, intervalMs = 100): { push: (line: string) => void; flush: () => void } {
  let lines: string[] = []
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    clearTimeout(timer)
    timer = undefined
    if (lines.length > 0) stream.write(lines.join('\n') + '\n')
    lines = []
  }
  return {
    push: (line) => {
      lines.push(line)
      timer ??= setTimeout(flush, intervalMs)
    },
    flush,
  }
}
