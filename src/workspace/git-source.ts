import { execFile, spawn } from 'node:child_process'
import { UsageError } from '../errors.js'
import type { FolderEntry } from './layout.js'
import { MAX_SCHEMA_BYTES, type ReadResult } from './read-file.js'
import type { WorkspaceSource } from './workspace.js'

/** A folder of a repository as it was at a ref, read from git's objects. */
export interface GitTree extends WorkspaceSource {
  /** The ref as given and the commit it resolved to. */
  ref: string
  commit: string
  /** Blob id of every file of the folder (relative path → id): equal ids mean equal contents. */
  blobs: ReadonlyMap<string, string>
}

/** JSON config files at the folder's top, read with the schemas (the baseline's levels come from them). */
export const JSON_CONFIG_FILES: readonly string[] = ['schemactl.config.json', '.schemactlrc.json', '.schemactlrc']

interface TreeEntry {
  mode: string
  type: string
  id: string
  size: number
  path: string
}

/**
 * Reads the folder `dir` (inside a git work tree) as it was at `ref`, without a checkout or
 * temporary files: one `git ls-tree -r` lists the folder and one `git cat-file --batch` reads
 * every schema file, contract file (and a JSON config file) into memory. A folder the ref lacks is an empty tree (every subject is new).
 * Throws UsageError (exit 2) when `dir` is not in a git repository or the ref is not known here,
 * naming the fetch to run (a shallow clone usually lacks the base branch).
 */
export async function readGitTree(dir: string, ref: string): Promise<GitTree> {
  const prefix = (await git(dir, ['rev-parse', '--show-prefix']).catch((err: Error) => {
    throw new UsageError(`--against git:${ref}: ${dir} is not inside a git repository (${firstLine(err.message)})`, {
      code: 'GIT_REPOSITORY_NOT_FOUND',
      hint: 'Run the check from a clone of the repository, or pass --against a folder.',
    })
  })).trim()
  const commit = (await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => undefined))?.trim()
  if (commit === undefined || commit === '') throw await missingRef(dir, ref)
  // `<commit>:<folder>` names the folder's tree, so paths come relative to it; a folder the commit lacks lists nothing.
  const listing = await git(dir, ['ls-tree', '-r', '-l', '-z', '--full-tree', `${commit}:${prefix}`]).catch(() => '')
  const entries = listing
    .split('\0')
    .filter((line) => line !== '')
    .map(parseTreeLine)
  // Schema files and their contract files (N.contract.json beside N.avsc) at the workspace's two levels, and the config.
  const versionFile = (path: string) => (path.endsWith('.avsc') || path.endsWith('.contract.json')) && path.split('/').length <= 2
  const schemas = entries.filter((e) => e.type === 'blob' && e.mode !== '120000' && (versionFile(e.path) || JSON_CONFIG_FILES.includes(e.path)) && e.size <= MAX_SCHEMA_BYTES)
  const texts = await readBlobs(dir, schemas.map((e) => e.id))
  const byPath = new Map(entries.map((e) => [e.path, e]))
  const folders = listFolders(entries)
  return {
    ref,
    commit,
    blobs: new Map(entries.map((e) => [e.path, e.id])),
    list: (folder) => Promise.resolve(folders.get(folder) ?? []),
    read(file): ReadResult {
      const entry = byPath.get(file)
      const where = `at ${ref}`
      if (entry === undefined) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: `does not exist ${where}` } }
      if (entry.mode === '120000') return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: `is a symbolic link ${where}; links are not followed in git baselines` } }
      if (entry.size > MAX_SCHEMA_BYTES) return { ok: false, problem: { code: 'FILE_TOO_LARGE', file, message: `is over the ${MAX_SCHEMA_BYTES / 1024 / 1024} MB limit for a schema file` } }
      const text = texts.get(entry.id) ?? ''
      return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text }
    },
  }
}

/** `<mode> SP <type> SP <id> SP+ <size> TAB <path>` (ls-tree -l; size is `-` for trees). */
function parseTreeLine(line: string): TreeEntry {
  const tab = line.indexOf('\t')
  const [mode, type, id, size] = line.slice(0, tab).split(/ +/)
  return { mode, type, id, size: size === '-' ? 0 : Number(size), path: line.slice(tab + 1) }
}

/** Every folder's entries (relative to the tree's root), folders included, as the layout scanner wants them. */
function listFolders(entries: readonly TreeEntry[]): Map<string, FolderEntry[]> {
  const folders = new Map<string, Map<string, FolderEntry>>()
  const add = (folder: string, entry: FolderEntry) => {
    let list = folders.get(folder)
    if (list === undefined) folders.set(folder, (list = new Map()))
    if (!list.has(entry.name)) list.set(entry.name, entry)
  }
  for (const e of entries) {
    const parts = e.path.split('/')
    for (let i = 0; i < parts.length - 1; i++) add(parts.slice(0, i).join('/'), { name: parts[i], kind: 'folder' })
    const kind = e.type === 'blob' && e.mode !== '120000' ? 'file' : 'other'
    add(parts.slice(0, -1).join('/'), { name: parts[parts.length - 1], kind })
  }
  return new Map([...folders].map(([folder, list]) => [folder, [...list.values()]]))
}

/** Reads blobs with one `git cat-file --batch`: each answer is `<id> <type> <size>\n<bytes>\n`. */
async function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>()
  if (ids.length === 0) return texts
  const child = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
  const chunks: Buffer[] = []
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
  child.stdin.end(ids.join('\n') + '\n')
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new UsageError(`git cat-file failed in ${cwd} (exit ${code})`, { code: 'GIT_FAILED' })
  const out = Buffer.concat(chunks)
  let at = 0
  while (at < out.length) {
    const eol = out.indexOf(10, at)
    const [id, type, size] = out.toString('utf8', at, eol).split(' ')
    if (type === 'missing') {
      at = eol + 1
      continue
    }
    const start = eol + 1
    texts.set(id, out.toString('utf8', start, start + Number(size)))
    at = start + Number(size) + 1
  }
  return texts
}

/**
 * The error for a ref git does not know, with the fetch that brings it (tried by the tests): a
 * remote branch into its remote-tracking ref (an explicit refspec, so a single-branch clone takes
 * it), a tag as a tag, a local branch from the remote's branch of that name, and for `<ref>~N`
 * whose base is here, `--deepen=N` in a shallow clone; in a full clone that ref does not exist.
 */
async function missingRef(dir: string, ref: string): Promise<UsageError> {
  const fail = (message: string, hint: string) => new UsageError(`--against git:${ref}: ${message}`, { code: 'GIT_REF_NOT_FOUND', hint })
  const shallow = (await git(dir, ['rev-parse', '--is-shallow-repository']).catch(() => 'false')).trim() === 'true'
  const where = `in ${dir}${shallow ? ' (shallow clone)' : ''}`
  const unshallow = shallow ? ' In GitHub Actions set fetch-depth: 0 on actions/checkout so the history is there.' : ''
  const relative = /^(.+?)((?:[~^]\d*)+)$/.exec(ref)
  const base = relative?.[1] ?? ref
  if (relative !== null && (await resolves(dir, base))) {
    const depth = [...relative[2].matchAll(/([~^])(\d*)/g)].reduce((n, [, op, count]) => n + (op === '~' && count !== '' ? Number(count) : 1), 0)
    if (shallow) return fail(`git has no commit '${ref}' ${where}`, `This is a shallow clone: run \`git fetch --deepen=${depth}\` (or \`git fetch --unshallow\`).${unshallow}`)
    const count = Number((await git(dir, ['rev-list', '--count', '--first-parent', base]).catch(() => '0')).trim())
    return fail(`'${ref}' does not exist: ${base} has ${count - 1} commit${count === 2 ? '' : 's'} before it ${where}`, `Name a commit that exists (\`git log --oneline ${base}\` lists them).`)
  }
  const remotes = (await git(dir, ['remote']).catch(() => '')).split('\n').filter((r) => r !== '')
  const remote = remotes.includes('origin') ? 'origin' : remotes[0]
  const message = `git has no commit '${base}' ${where}`
  if (remote === undefined) return fail(message, 'This repository has no remote to fetch from: check the ref\'s spelling (`git branch -a`, `git tag`).')
  const fetch = await fetchFor(dir, base, remotes, remote)
  if (fetch === undefined) return fail(`${message}, and its remote has no branch or tag of that name`, 'Check the ref\'s spelling (`git ls-remote --heads --tags ' + remote + '` lists them).')
  return fail(message, `Run \`${fetch}\` first (or check the ref's spelling).${unshallow}`)
}

/** The fetch that creates `ref` here; undefined when the remote answered that it has no such branch or tag. */
async function fetchFor(dir: string, ref: string, remotes: readonly string[], remote: string): Promise<string | undefined> {
  const tag = /^refs\/tags\/(.+)$/.exec(ref)
  if (tag) return `git fetch ${remote} refs/tags/${tag[1]}:refs/tags/${tag[1]}`
  const tracking = /^(?:refs\/remotes\/)?([^/]+)\/(.+)$/.exec(ref)
  if (tracking && remotes.includes(tracking[1])) {
    const [, from, branch] = tracking
    return (await remoteKind(dir, from, branch)) === 'none' ? undefined : `git fetch ${from} ${branch}:refs/remotes/${from}/${branch}`
  }
  const name = ref.replace(/^refs\/heads\//, '')
  if (/^[0-9a-f]{7,40}$/i.test(name)) return `git fetch ${remote} ${name}`
  const kind = ref.startsWith('refs/heads/') ? 'branch' : await remoteKind(dir, remote, name)
  if (kind === 'none') return undefined
  // A name the remote could not be asked about: version-like names are usually tags.
  return kind === 'tag' || (kind === undefined && /^v?\d/.test(name)) ? `git fetch ${remote} tag ${name}` : `git fetch ${remote} ${name}:refs/heads/${name}`
}

/** Whether the remote has `name` as a branch or a tag (undefined when it cannot be asked in time, e.g. offline). */
async function remoteKind(dir: string, remote: string, name: string): Promise<'branch' | 'tag' | 'none' | undefined> {
  const listing = await git(dir, ['ls-remote', '--heads', '--tags', remote, name], { timeout: 10_000, env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }).catch(() => undefined)
  if (listing === undefined) return undefined
  const refs = listing.split('\n').map((line) => line.split('\t')[1])
  if (refs.includes(`refs/heads/${name}`)) return 'branch'
  if (refs.includes(`refs/tags/${name}`)) return 'tag'
  return 'none'
}

/** Whether git knows `ref` as a commit here. */
async function resolves(dir: string, ref: string): Promise<boolean> {
  return (await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '')).trim() !== ''
}

function git(cwd: string, args: string[], options: { timeout?: number; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', ...options }, (err, stdout, stderr) => {
      if (err) reject(new Error(stderr.trim() || err.message))
      else resolve(stdout)
    })
  })
}

function firstLine(text: string): string {
  return text.split('\n')[0]
}
