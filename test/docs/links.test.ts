import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
]

/** GitHub's anchor of a heading: lower case, punctuation but - and _ dropped, spaces as -. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** The anchors of a page's headings (outside code fences). */
function anchors(text: string): Set<string> {
  const found = new Set<string>()
  let fence = false
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fence = !fence
    const m = /^#+ (.*)$/.exec(line)
    if (m && !fence) found.add(slug(m[1]))
  }
  return found
}

describe('links between the docs', () => {
  it('README links to every page of docs/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    for (const page of pages.filter((p) => p.startsWith('docs/'))) expect(readme).toContain(`](${page})`)
  })

  it('every relative link names a file that exists, and a heading of it', () => {
    const broken: string[] = []
    for (const page of pages) {
      const text = readFileSync(join(root, page), 'utf8').replace(/^```[\s\S]*?^```$/gm, '')
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]
        if (/^[a-z]+:/.test(target)) continue
        const [path, anchor] = target.split('#')
        const file = path === '' ? join(root, page) : join(root, dirname(page), path)
        if (!existsSync(file)) broken.push(`${page}: ${target} (no ${relative(root, file)})`)
        else if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor})`)
      }
    }
    expect(broken).toEqual([])
  })
})
