/** HTTP helpers of the server tests: the JSON client (test/helpers/registry-http.ts) and Avro record texts. */
export { call, client, type HttpResult, type RegistryHttp } from '../helpers/registry-http.js'

/** An Avro record schema text with the given fields (`name:type`, optional `=default` as JSON). */
export function record(name: string, ...fields: string[]): string {
  return JSON.stringify({
    type: 'record',
    name,
    fields: fields.map((f) => {
      const [decl, def] = f.split('=')
      const [n, t] = decl.split(':')
      return def === undefined ? { name: n, type: t } : { name: n, type: t, default: JSON.parse(def) }
    }),
  })
}
