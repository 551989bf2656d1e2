// schemactl serve: by-id reads, durable registrations, and startup with a 100,000-record log.
// The server runs as its own process (bin/run.js → dist/, so `npm run build` first); the load
// generator (autocannon) runs here. Each figure is the median of a few short runs.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { median, startServe } from './serve-process.mjs'
import autocannon from 'autocannon'
import { encodeRecord } from '../dist/server/store/changelog.js'

const RUNS = 3

function avro(name) {
  return JSON.stringify({
    type: 'record',
    name,
    fields: [
      { name: 'id', type: 'string' },
      { name: 'n', type: 'long', default: 0 },
    ],
  })
}

const headers = { 'content-type': 'application/vnd.schemaregistry.v1+json' }

async function benchReads() {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-bench-'))
  const server = await startServe(dir, [])
  try {
    const res = await fetch(`${server.url}/subjects/read-value/versions`, { method: 'POST', headers, body: JSON.stringify({ schema: avro('Read') }) })
    const { id } = await res.json()
    const rates = []
    for (let i = 0; i < RUNS; i++) {
      const r = await autocannon({ url: `${server.url}/schemas/ids/${id}`, connections: 32, duration: 3 })
      if (r.non2xx || r.errors) throw new Error(`reads failed: ${r.non2xx} non-2xx, ${r.errors} errors`)
      rates.push(r.requests.average)
    }
    console.log(
      `GET /schemas/ids/{id}: median ${Math.round(median(rates))} req/s (runs: ${rates.map(Math.round).join(', ')}; 32 connections, 3 s each; target ≥ 10,000)`,
    )
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function benchRegistrations({ label, path, schema }) {
  const rates = []
  for (let run = 0; run < RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'schemactl-bench-'))
    const server = await startServe(dir, [])
    try {
      let n = 0
      const r = await autocannon({
        url: server.url,
        connections: 16,
        duration: 3,
        requests: [
          {
            method: 'POST',
            headers,
            setupRequest: (req) => {
              const i = n++
              return { ...req, path: path(i), body: JSON.stringify({ schema: schema(i) }) }
            },
          },
        ],
      })
      if (r.non2xx || r.errors) throw new Error(`registrations failed: ${r.non2xx} non-2xx, ${r.errors} errors`)
      rates.push(r.requests.average)
    } finally {
      await server.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(
    `POST /subjects/{s}/versions (${label}): median ${Math.round(median(rates))} registrations/s (runs: ${rates.map(Math.round).join(', ')}; 16 connections, 3 s each; target ≥ 1,000)`,
  )
}

async function benchStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'schemactl-bench-'))
  try {
    const lines = []
    for (let i = 1; i <= 100_000; i++) {
      const subject = `subject-${i % 5000}-value`
      const version = Math.floor(i / 5000) + 1
      const value = { subject, version, id: i, schemaType: 'AVRO', schema: avro(`S${i}`), deleted: false, ts: 1_700_000_000_000 + i }
      lines.push(encodeRecord({ key: { keytype: 'SCHEMA', subject, version, magic: 1 }, value }))
    }
    writeFileSync(join(dir, 'changelog.jsonl'), lines.join(''))
    const times = []
    for (let i = 0; i < RUNS; i++) {
      const server = await startServe(dir, [])
      times.push(server.startupMs)
      await server.stop()
    }
    console.log(
      `startup with a 100,000-record log (spawn → URL printed): median ${Math.round(median(times))} ms (runs: ${times.map(Math.round).join(', ')}; target < 2,000)`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await benchReads()
await benchRegistrations({
  label: 'distinct schemas in new subjects',
  path: (i) => `/subjects/bench-${i}-value/versions`,
  schema: (i) => avro(`R${i}`),
})
// Every registration is checked (BACKWARD) against its subject's latest version: each adds a defaulted field.
await benchRegistrations({
  label: 'new versions of 16 subjects, each checked BACKWARD against the latest',
  path: (i) => `/subjects/evolving-${i % 16}-value/versions`,
  schema: (i) =>
    JSON.stringify({
      type: 'record',
      name: 'Evolving',
      fields: [
        { name: 'id', type: 'string' },
        { name: `f${i}`, type: 'long', default: 0 },
      ],
    }),
})
await benchStartup()
