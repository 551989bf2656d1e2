import type { RegistryClient } from '../registry/client.js'

/** Names asked for per `GET /subjects` page: a few hundred kilobytes of JSON. */
export const SUBJECT_PAGE = 10_000

/**
 * The registry's subject names a page at a time, in the registry's order, each name once:
 * `GET /subjects` with `offset` and `limit` where the registry pages the list. A registry that
 * ignores `limit` sends everything in the first page; one that ignores `offset` sends the first
 * page again, which is dropped (then, if that page was full, the rest comes from one unpaged
 * listing). A registry that caps `limit` lower is followed at the pace it sets.
 */
export async function* subjectPages(client: RegistryClient, options: { prefix?: string; deleted?: boolean; pageSize?: number }): AsyncGenerator<string[]> {
  const limit = options.pageSize ?? SUBJECT_PAGE
  const query = { prefix: options.prefix, deleted: options.deleted }
  let first: string | undefined
  let offset = 0
  for (;;) {
    const page = await client.listSubjects({ ...query, offset, limit })
    if (page.length === 0) return
    if (offset > 0 && page[0] === first) {
      // Offset ignored: the first page again. Only a full first page can have left names out.
      if (offset >= limit) {
        const rest = (await client.listSubjects(query)).slice(offset)
        if (rest.length > 0) yield rest
      }
      return
    }
    first ??= page[0]
    yield page
    // More than asked for: the registry does not page, and this was everything.
    if (page.length > limit) return
    offset += page.length
  }
}

/** The names of `subjectPages` one at a time. */
export async function* subjectNames(pages: AsyncIterable<string[]>): AsyncGenerator<string> {
  for await (const page of pages) yield* page
}
