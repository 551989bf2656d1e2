/**
 * Where the check worker's module is (worker.js beside this file). Kept in a module of its
 * own so the build can leave it in place when it bundles the `check` command (scripts/build.mjs):
 * a path relative to import.meta.url only holds in the file that was compiled here.
 */
export function checkWorkerUrl(): URL {
  return new URL('./worker.js', import.meta.url)
}
