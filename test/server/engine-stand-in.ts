// TEMPORARY stand-in for src/engine until the engine lands on main; deleted at the merge.
import avro from 'avsc'

type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

export function parseSchema(input: Any, options: Any = {}): Any {
  if (input && typeof input === 'object' && input.ok === true) return input
  try {
    const json = typeof input === 'string' ? JSON.parse(input) : input
    const registry: Record<string, Any> = {}
    for (const t of options.namedTypes ?? []) registry[t.fullName] = t.__type
    const type = (avro.Type as Any).forSchema(json, { registry })
    const definedTypes = new Map<string, Any>()
    for (const [name, t] of Object.entries(registry)) {
      if (!(options.namedTypes ?? []).some((n: Any) => n.fullName === name)) definedTypes.set(name, { fullName: name, __type: t })
    }
    const normalized = JSON.stringify(type.schema())
    return { ok: true, schema: json, canonical: normalized, fingerprint: '0', normalized, definedTypes, referencedTypes: [], __type: type }
  } catch (err) {
    return { ok: false, errors: [{ message: (err as Error).message, path: '' }] }
  }
}

export function checkCompatibility(level: string, candidate: Any, previous: Any[], options: Any = {}): Any {
  const versions: number[] = options.versions ?? previous.map((_: Any, i: number) => i + 1)
  const order = level.endsWith('TRANSITIVE') ? previous.map((_, i) => i).reverse() : [previous.length - 1]
  for (const i of order) {
    const prev = previous[i]
    const dirs = level.startsWith('BACKWARD') ? ['b'] : level.startsWith('FORWARD') ? ['f'] : ['f', 'b']
    for (const d of dirs) {
      const [reader, writer] = d === 'b' ? [candidate.__type, prev.__type] : [prev.__type, candidate.__type]
      try {
        reader.createResolver(writer)
      } catch (err) {
        return {
          compatible: false,
          failedAgainst: i,
          incompatibilities: [],
          messages: [
            `{errorType:'TYPE_MISMATCH', description:'stand-in', additionalInfo:'${(err as Error).message}'}`,
            `{oldSchemaVersion: ${versions[i]}}`,
            `{oldSchema: '${prev.normalized}'}`,
            `{validateFields: 'false', compatibility: '${level}'}`,
          ],
        }
      }
    }
  }
  return { compatible: true, messages: [], failedAgainst: null, incompatibilities: [] }
}
