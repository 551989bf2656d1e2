import { execFile, spawn } from 'node:child_process'
import { posix } from 'node:path'
import { UsageError } from '../errors.js'
import type { FileProblem } from './findings.js'
import type { EntryKind, FolderEntry } from './layout.js'
import { decodeText, MAX_SCHEMA_BYTES, type ReadResult } from './read-file.js'
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
  const prefix = (
    await git(dir, ['rev-parse', '--show-prefix']).catch((err: Error) => {
      throw new UsageError(`--against git:${ref}: ${dir} is not inside a git repository (${firstLine(err.message)})`, {
        code: 'GIT_REPOSITORY_NOT_FOUND',
        hint: 'Run the check from a clone of the repository, or pass --against a folder.',
      })
    })
  ).trim()
  const commit = (await git(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => undefined))?.trim()
  if (commit === undefined || commit === '') throw await missingRef(dir, ref)
  // `<commit>:<folder>` names the folder's tree, so paths come relative to it; a folder the commit lacks lists nothing.
  const listing = await git(dir, ['ls-tree', '-r', '-l', '-z', '--full-tree', `${commit}:${prefix}`]).catch(() => '')
  const entries = listing
    .split('\0')
    .filter((line) => line !== '')
    .map(parseTreeLine)
  const byPath = new Map(entries.map((e) => [e.path, e]))
  const folders = listFolders(entries)
  // Symbolic links are blobs holding their target: read those first, to follow the ones inside the folder.
  const links = await readBlobs(
    dir,
    entries.filter(isLink).map((e) => e.id),
  )
  const resolve = (path: string) => resolveLinks(path, byPath, links)
  // Schema files (.avsc, .json, .proto) and contract files (N.contract.json beside N.avsc) at the workspace's two levels, and the config.
  const versionFile = (path: string) => path.endsWith('.avsc') || path.endsWith('.json') || path.endsWith('.proto')
  const wanted = (path: string) => (versionFile(path) ? path.split('/').length <= 2 : JSON_CONFIG_FILES.includes(path))
  // The files the layout can name: top-level schema and config files, and those of subject folders (linked ones too).
  const paths = entries.map((e) => e.path).filter(wanted)
  for (const e of entries) {
    const real = isLink(e) && !e.path.includes('/') ? resolve(e.path) : undefined
    const inside = real !== undefined && 'path' in real ? folders.get(real.path) : undefined
    for (const child of inside ?? []) if (versionFile(child.name)) paths.push(`${e.path}/${child.name}`)
  }
  const schemaIds = new Set<string>()
  for (const path of paths) {
    const real = resolve(path)
    const target = 'path' in real ? byPath.get(real.path) : undefined
    if (target !== undefined && target.type === 'blob' && !isLink(target) && target.size <= MAX_SCHEMA_BYTES) schemaIds.add(target.id)
  }
  const texts = await readBlobs(dir, [...schemaIds])
  const where = `at ${ref}`
  return {
    ref,
    commit,
    blobs: new Map(entries.map((e) => [e.path, e.id])),
    async list(folder) {
      const real = folder === '' ? { path: '' } : resolve(folder)
      const list = ('path' in real ? folders.get(real.path) : undefined) ?? []
      return list.map((entry) => {
        const path = folder === '' ? entry.name : `${folder}/${entry.name}`
        const link = byPath.get(path)
        return link !== undefined && isLink(link) ? { name: entry.name, kind: linkKind(resolve(path), byPath, folders, where) } : entry
      })
    },
    read(file): ReadResult {
      const real = resolve(file)
      if (!('path' in real)) return { ok: false, problem: { ...real.problem, file, message: `${real.problem.message} ${where}` } }
      const entry = byPath.get(real.path)
      if (entry === undefined) return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: `does not exist ${where}` } }
      if (entry.type !== 'blob') return { ok: false, problem: { code: 'FILE_UNREADABLE', file, message: `is a folder, not a schema file ${where}` } }
      if (entry.size > MAX_SCHEMA_BYTES)
        return { ok: false, problem: { code: 'FILE_TOO_LARGE', file, message: `is over the ${MAX_SCHEMA_BYTES / 1024 / 1024} MB limit for a schema file` } }
      return decodeText(texts.get(entry.id) ?? Buffer.alloc(0), file)
    },
  }
}

/** Links followed in a row before a path is taken for a loop (Linux's own limit). */
const MAX_LINK_HOPS = 40

function isLink(entry: TreeEntry): boolean {
  return entry.type === 'blob' && entry.mode === '120000'
}

type Resolved = { path: string } | { problem: Omit<FileProblem, 'file'> }

/**
 * Where `path` (relative to the folder) leads once every symbolic link along it is followed, as
 * the file system would follow them in a checkout; a link whose target leaves the folder
 * (absolute, or `..` above it) is a problem, never followed: git baselines read only the folder.
 */
function resolveLinks(path: string, byPath: ReadonlyMap<string, TreeEntry>, targets: ReadonlyMap<string, Buffer>): Resolved {
  let parts = path.split('/')
  let hops = 0
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join('/')
    const entry = byPath.get(prefix)
    if (entry === undefined || !isLink(entry)) continue
    if (++hops > MAX_LINK_HOPS) return { problem: { code: 'SYMLINK_LOOP', message: 'symbolic link loop: the link resolves to itself' } }
    const target = (targets.get(entry.id) ?? Buffer.alloc(0)).toString('utf8')
    const joined = posix.normalize(posix.join(posix.dirname(prefix), target))
    if (posix.isAbsolute(target) || joined === '..' || joined.startsWith('../')) {
      return {
        problem: {
          code: 'LINK_OUTSIDE_WORKSPACE',
          message: `is a symbolic link that leads outside the workspace (to ${target}): links out of the folder are not followed in git baselines`,
        },
      }
    }
    parts = [...(joined === '.' ? [] : joined.split('/')), ...parts.slice(i + 1)]
    i = -1
  }
  return { path: parts.join('/') }
}

/** What a link in a listing is, followed: the kind of its target, or why it cannot be followed. */
function linkKind(real: Resolved, byPath: ReadonlyMap<string, TreeEntry>, folders: ReadonlyMap<string, FolderEntry[]>, where: string): EntryKind {
  if (!('path' in real)) return { ...real.problem, message: `${real.problem.message} ${where}` }
  if (folders.has(real.path)) return 'folder'
  const target = byPath.get(real.path)
  if (target !== undefined && target.type === 'blob') return 'file'
  return { code: 'FILE_UNREADABLE', message: `symbolic link to a file that does not exist ${where}` }
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
    // A link's kind is its target's, looked up when the folder is listed.
    const kind = e.type === 'blob' && !isLink(e) ? 'file' : 'other'
    add(parts.slice(0, -1).join('/'), { name: parts[parts.length - 1], kind })
  }
  return new Map([...folders].map(([folder, list]) => [folder, [...list.values()]]))
}

/** Reads blobs (as bytes) with one `git cat-file --batch`: each answer is `<id> <type> <size>\n<bytes>\n`. */
async function readBlobs(cwd: string, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>()
  if (ids.length === 0) return blobs
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
    blobs.set(id, out.subarray(start, start + Number(size)))
    at = start + Number(size) + 1
  }
  return blobs
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
    if (shallow)
      return fail(
        `git has no commit '${ref}' ${where}`,
        `This is a shallow clone: run \`git fetch --deepen=${depth}\` (or \`git fetch --unshallow\`).${unshallow}`,
      )
    const count = Number((await git(dir, ['rev-list', '--count', '--first-parent', base]).catch(() => '0')).trim())
    return fail(
      `'${ref}' does not exist: ${base} has ${count - 1} commit${count === 2 ? '' : 's'} before it ${where}`,
      `Name a commit that exists (\`git log --oneline ${base}\` lists them).`,
    )
  }
  const remotes = (await git(dir, ['remote']).catch(() => '')).split('\n').filter((r) => r !== '')
  const remote = remotes.includes('origin') ? 'origin' : remotes[0]
  const message = `git has no commit '${base}' ${where}`
  if (remote === undefined) return fail(message, "This repository has no remote to fetch from: check the ref's spelling (`git branch -a`, `git tag`).")
  const fetch = await fetchFor(dir, base, remotes, remote)
  if (fetch === undefined)
    return fail(
      `${message}, and its remote has no branch or tag of that name`,
      "Check the ref's spelling (`git ls-remote --heads --tags " + remote + '` lists them).',
    )
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
  const listing = await git(dir, ['ls-remote', '--heads', '--tags', remote, name], {
    timeout: 10_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  }).catch(() => undefined)
  if (listing === undefined) return undefined
  const refs = listing.split('\n').map((line) => line.split('\t')[1])
  if (refs.includes(`refs/heads/${name}`)) return 'branch'
  if (refs.includes(`refs/tags/${name}`)) return 'tag'
  return 'none'
}

/**
 * The top folder of the git work tree that holds `cwd` (where CI tools such as GitHub code scanning
 * resolve a file's path), or undefined outside a git repository or without git.
 */
export async function gitTopLevel(cwd: string): Promise<string | undefined> {
  const top = (await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => '')).trim()
  return top === '' ? undefined : top
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
