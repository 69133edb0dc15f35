import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogExportInput } from '@shared/api-contract'
import { EXPORT_PAGE_ROWS } from '../../src/main/core/logs/log-export'
import { createHttpShell } from '../../src/main/shell-common/headless/http-server'
import { eventually, startHarness, type Harness } from '../support/core-harness'

/**
 * A download the client stops: the HTTP shell in this process around a real core, so the test
 * sees how many pages the export read (what a child process would hide).
 */
const PAGES = 8
const ROWS = EXPORT_PAGE_ROWS * PAGES
/** 8 KiB bodies: a page is 4 MiB, more than loopback socket buffers take at once. */
const BODY = 'x'.repeat(8 * 1024)
const TOKEN = 'export-cancel-test-token-0123456789abcdef'

let harness: Harness
let server: Server
let base: string
let appId: number
const exports: Array<{ pages: number; finished: boolean }> = []

beforeAll(async () => {
  harness = await startHarness()
  appId = (await harness.call('apps.list'))[0].id
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    message_id: `msg_cancel${n}`,
    webhook_external_id: 'web_cancel',
    app_id: appId,
    event: 'product.updated',
    url: 'http://127.0.0.1:9/hook',
    request_headers: '{}',
    request_body: `{"n":${n},"pad":"${BODY}"}`,
    response_status: 200,
    response_body: 'ok',
    response_body_truncated: false,
    response_time_ms: 1,
    attempt: 1,
    created_at: 1_764_000_000_000 + n
  }))
  for (let start = 0; start < rows.length; start += 100)
    await harness.core.db('webhook_logs').insert(rows.slice(start, start + 100))
  const { logExport } = harness.core
  server = createHttpShell({
    call: harness.core.call,
    token: TOKEN,
    staticDir: null,
    onPush: harness.core.onPush,
    logExport: {
      prepareExport: (input) => logExport.prepareExport(input),
      // Counts the pages each download reads and notes when its generator has ended.
      exportChunks: (input: LogExportInput) => {
        const seen = { pages: 0, finished: false }
        exports.push(seen)
        return (async function* () {
          try {
            for await (const chunk of logExport.exportChunks(input)) {
              seen.pages += 1
              yield chunk
            }
          } finally {
            seen.finished = true
          }
        })()
      }
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}, 60_000)

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await harness.close()
})

async function download(signal?: AbortSignal): Promise<Response> {
  const answer = await fetch(`${base}/api/export/ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ appId, format: 'ndjson' })
  })
  const { data } = (await answer.json()) as { data: { ticket: string } }
  return fetch(`${base}/api/export?ticket=${data.ticket}`, { signal })
}

describe('a download of the delivery log that the client stops', () => {
  it('reads every page when read to the end', async () => {
    const text = await (await download()).text()
    expect(text.trimEnd().split('\n')).toHaveLength(ROWS)
    // The header chunk of CSV does not exist in NDJSON: one chunk per page, plus the empty end.
    await eventually(async () => exports.at(-1)!.finished)
    expect(exports.at(-1)!.pages).toBe(PAGES)
  })

  it('stops reading pages once the client cancels, after reading only the start', async () => {
    const controller = new AbortController()
    const response = await download(controller.signal)
    const reader = response.body!.getReader()
    const first = await reader.read()
    expect(first.done).toBe(false)
    controller.abort()
    await reader.cancel().catch(() => {})
    const stopped = await eventually(async () => exports.at(-1)!.finished && exports.at(-1)!)
    // What the socket and the one buffered page held when the client left; never the whole log.
    expect(stopped.pages).toBeLessThan(PAGES)
    // The shell is still there for the next request.
    const again = await fetch(`${base}/api/apps.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}'
    })
    expect(again.status).toBe(200)
  })
})
