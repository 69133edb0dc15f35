import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordExportInput, RecordExportTicket } from '@shared/record-export'
import { RECORD_EXPORT_PAGE_ROWS } from '../../src/main/core/exports/record-pages'
import { createHttpShell } from '../../src/main/shell-common/headless/http-server'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { parseCsv } from '../support/parse-csv'

/**
 * The headless shell's record export routes, around a real core in this process so the test
 * sees how many pages a download read (what a child process would hide).
 */
const PAGES = 6
const ROWS = RECORD_EXPORT_PAGE_ROWS * PAGES
/** 8 KiB descriptions: a page is 4 MiB, more than loopback socket buffers take at once. */
const PAD = 'x'.repeat(8 * 1024)
const TOKEN = 'record-export-test-token-0123456789abcdef'

let harness: Harness
let server: Server
let base: string
const downloads: Array<{ chunks: number; finished: boolean }> = []

beforeAll(async () => {
  harness = await startHarness()
  const now = new Date().toISOString()
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    external_id: `P-${String(n).padStart(5, '0')}`,
    name: n % 2 ? `Acme ${n}` : `Other ${n}`,
    sku: `SKU-${n}`,
    description: n === 1 ? '=cmd|"/c calc"!A1' : PAD,
    created_at: now,
    updated_at: now
  }))
  for (let start = 0; start < rows.length; start += 100)
    await harness.core.db('products').insert(rows.slice(start, start + 100))
  const { recordExport } = harness.core
  server = createHttpShell({
    call: harness.core.call,
    token: TOKEN,
    staticDir: null,
    onPush: harness.core.onPush,
    recordExport: {
      prepareExport: (input) => recordExport.prepareExport(input),
      // Counts the chunks each download reads and notes when its generator has ended.
      exportChunks: (input: RecordExportInput) => {
        const seen = { chunks: 0, finished: false }
        downloads.push(seen)
        return (async function* () {
          try {
            for await (const chunk of recordExport.exportChunks(input)) {
              seen.chunks += 1
              yield chunk
            }
          } finally {
            seen.finished = true
          }
        })()
      }
    }
  })
  // fetch reuses idle sockets: one the server closes at its 5 s default while a slow assertion
  // runs would reset the next request (a test artifact, not the shell's behaviour).
  server.keepAliveTimeout = 120_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await harness.close()
})

const headers = (token = TOKEN) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json'
})

async function ticketAnswer(input: unknown, token = TOKEN): Promise<Response> {
  return fetch(`${base}/api/records/export/ticket`, {
    method: 'POST',
    headers: headers(token),
    body: JSON.stringify(input)
  })
}

async function ticket(input: unknown): Promise<RecordExportTicket> {
  const answer = await ticketAnswer(input)
  expect(answer.status).toBe(200)
  return ((await answer.json()) as { data: RecordExportTicket }).data
}

describe('downloading records from the headless shell', () => {
  it('streams the CSV of what the search selects, for a single-use ticket that tells the count', async () => {
    const issued = await ticket({ type: 'product', search: 'Acme', format: 'csv' })
    expect(issued.total).toBe(ROWS / 2)
    expect(issued.fileName).toMatch(/^product-records-\d{4}-\d{2}-\d{2}\.csv$/)
    const url = `${base}/api/records/export?ticket=${issued.ticket}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="${issued.fileName}"`
    )
    const text = await response.text()
    expect((await fetch(url)).status).toBe(401) // used once
    const [header, ...records] = parseCsv(text)
    expect(header.slice(0, 3)).toEqual(['externalId', 'name', 'sku'])
    expect(records).toHaveLength(ROWS / 2)
    expect(records.find((record) => record[0] === 'P-00001')![3]).toBe(`'=cmd|"/c calc"!A1`)
    await eventually(async () => downloads.at(-1)!.finished)
    expect(downloads.at(-1)!.chunks).toBe(1 + PAGES / 2) // the header, then one per page
  })

  it('serves XLSX as a spreadsheet exceljs reads', async () => {
    const issued = await ticket({ type: 'product', search: 'Acme 1', format: 'xlsx' })
    const response = await fetch(`${base}/api/records/export?ticket=${issued.ticket}`)
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await response.arrayBuffer())
    expect(workbook.worksheets[0].rowCount).toBe(issued.total + 1)
    expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('externalId')
  })

  it('refuses a wrong token, a token in the URL, a missing ticket and bad input, in words', async () => {
    const wrong = await ticketAnswer({ type: 'product', format: 'csv' }, 'not-the-token')
    expect(wrong.status).toBe(401)
    const inUrl = await fetch(`${base}/api/records/export?token=${TOKEN}`)
    expect(inUrl.status).toBe(401)
    expect(((await inUrl.json()) as { error: { message: string } }).error.message).toContain(
      'takes a ticket'
    )
    expect((await fetch(`${base}/api/records/export`)).status).toBe(401)
    expect((await fetch(`${base}/api/records/export?ticket=made-up`)).status).toBe(401)
    const bad = await ticketAnswer({ type: 'product', format: 'pdf' })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { ok: boolean; error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_argument')
    expect(body.error.message).toContain('format')
  })

  it('stops reading pages once the client cancels the download', async () => {
    const issued = await ticket({ type: 'product', format: 'csv' })
    const controller = new AbortController()
    const response = await fetch(`${base}/api/records/export?ticket=${issued.ticket}`, {
      signal: controller.signal
    })
    const reader = response.body!.getReader()
    expect((await reader.read()).done).toBe(false)
    controller.abort()
    await reader.cancel().catch(() => {})
    const stopped = await eventually(async () => downloads.at(-1)!.finished && downloads.at(-1)!)
    // What the socket and the one buffered page held when the client left; never the whole list.
    expect(stopped.chunks).toBeLessThan(1 + PAGES)
    const again = await fetch(`${base}/api/apps.list`, {
      method: 'POST',
      headers: headers(),
      body: '{}'
    })
    expect(again.status).toBe(200)
  })
})
