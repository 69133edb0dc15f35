import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvCell } from '@shared/csv'
import { EXPORT_PAGE_ROWS } from '../../src/main/core/logs/log-export'
import { startHarness, type Harness } from '../support/core-harness'
import { parseCsv } from '../support/parse-csv'

const ROWS = EXPORT_PAGE_ROWS * 2 + 37
const TRICKY = 'He said "hi", then\r\nleft; Grüße 🚲'

let harness: Harness
let appId: number

beforeAll(async () => {
  harness = await startHarness()
  appId = (await harness.call('apps.list'))[0].id
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    message_id: `msg_export${n}`,
    webhook_id: null,
    webhook_external_id: 'web_export',
    app_id: appId,
    event: n % 2 ? 'product.updated' : 'product.created',
    url: 'http://127.0.0.1:9/hook',
    request_headers: '{}',
    request_body: n === 7 ? JSON.stringify({ note: TRICKY }) : `{"n":${n}}`,
    response_status: n % 10 === 0 ? 500 : 200,
    response_body: n === 7 ? TRICKY : 'ok',
    response_body_truncated: false,
    response_time_ms: n % 300,
    attempt: 1,
    created_at: 1_764_000_000_000 + n * 1000
  }))
  for (let start = 0; start < rows.length; start += 100)
    await harness.core.db('webhook_logs').insert(rows.slice(start, start + 100))
}, 60_000)

afterAll(async () => {
  await harness.close()
})

async function collect(input: unknown): Promise<string> {
  const checked = await harness.core.logExport.prepareExport(input)
  let text = ''
  for await (const chunk of harness.core.logExport.exportChunks(checked)) text += chunk
  return text
}

describe('exporting the delivery log', () => {
  it('writes every selected row exactly once as CSV, quotes, commas and newlines intact', async () => {
    const [header, ...records] = parseCsv(await collect({ appId, format: 'csv' }))
    expect(header).toContain('request_body')
    expect(records).toHaveLength(ROWS)
    const messageIds = records.map((record) => record[header.indexOf('webhook_id')])
    expect(new Set(messageIds).size).toBe(ROWS)
    const tricky = records.find((record) => record[2] === 'msg_export7')!
    expect(tricky[header.indexOf('response_body')]).toBe(TRICKY)
    expect(JSON.parse(tricky[header.indexOf('request_body')])).toEqual({ note: TRICKY })
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a"b')).toBe('"a""b"')
  })

  it('writes NDJSON with the filters and search of the log', async () => {
    const lines = (await collect({ appId, format: 'ndjson', status: 'failure' }))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toHaveLength(Math.ceil(ROWS / 10))
    expect(lines.every((line) => line.response_status === 500)).toBe(true)
    const found = (await collect({ appId, format: 'ndjson', text: 'grüße' })).trim().split('\n')
    // SQLite's LIKE folds ASCII case only; the search is exact on the rest, on both databases.
    expect(found).toHaveLength(1)
    expect(JSON.parse(found[0]).response_body).toBe(TRICKY)
  })

  it('reads no further page once the consumer stops', async () => {
    const checked = await harness.core.logExport.prepareExport({ appId, format: 'csv' })
    let queries = 0
    const count = () => (queries += 1)
    harness.core.db.on('query', count)
    try {
      const chunks = harness.core.logExport.exportChunks(checked)
      await chunks.next() // the header
      await chunks.next() // the first page
      await chunks.return(undefined)
      expect(queries).toBe(1)
      expect((await chunks.next()).done).toBe(true)
      expect(queries).toBe(1)
    } finally {
      harness.core.db.off('query', count)
    }
  })

  it('refuses bad arguments naming the field', async () => {
    for (const [input, field] of [
      [{ appId, format: 'xlsx' }, 'format'],
      [{ appId: 999, format: 'csv' }, 'appId'],
      [{ appId, format: 'csv', to: 'tomorrow' }, 'to'],
      [{ appId, format: 'csv', cursor: 'x' }, 'cursor']
    ] as const)
      await expect(harness.core.logExport.prepareExport(input)).rejects.toThrow(field)
  })
})
