import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { LogExportInput } from '@shared/api-contract'
import { EXPORT_PAGE_ROWS } from '../../src/main/core/logs/log-export'
import { RunningExports, writeLogExportFile } from '../../src/main/desktop/log-export-file'
import { startHarness, tempDir, type Harness } from '../support/core-harness'
import { csvObjects } from '../support/parse-csv'

/**
 * The desktop shell's export writer in plain Node: a real core on SQLite, a real folder, real
 * files. What Electron adds around it (the save dialog, IPC) is proven in electron-bundle.test.ts.
 */
const ROWS = EXPORT_PAGE_ROWS * 4 + 21
const TRICKY = 'Zelt "groß", 2\r\nPersonen'

let harness: Harness
let appId: number
let folder: string

beforeAll(async () => {
  harness = await startHarness()
  appId = (await harness.call('apps.list'))[0].id
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    message_id: `msg_file${n}`,
    webhook_id: null,
    webhook_external_id: 'web_file',
    app_id: appId,
    event: 'product.updated',
    url: 'http://127.0.0.1:9/hook',
    request_headers: '{}',
    request_body: JSON.stringify({ n, note: n === 3 ? TRICKY : 'plain' }),
    response_status: n % 4 === 0 ? 503 : 200,
    response_body: n === 3 ? TRICKY : 'ok',
    response_body_truncated: false,
    response_time_ms: 5,
    attempt: 1,
    created_at: 1_764_000_000_000 + n * 1000
  }))
  for (let start = 0; start < rows.length; start += 200)
    await harness.core.db('webhook_logs').insert(rows.slice(start, start + 200))
}, 60_000)

afterAll(async () => {
  await harness.close()
})

beforeEach(() => {
  folder = tempDir('pim-export-file-')
  return () => rmSync(folder, { recursive: true, force: true })
})

const csv = (extra: Partial<LogExportInput> = {}): LogExportInput => ({
  appId,
  format: 'csv',
  ...extra
})

/** Counts the database's queries while `run` runs. */
async function countingQueries<T>(run: () => Promise<T>): Promise<{ result: T; queries: number }> {
  let queries = 0
  const count = () => (queries += 1)
  harness.core.db.on('query', count)
  try {
    return { result: await run(), queries }
  } finally {
    harness.core.db.off('query', count)
  }
}

describe('writing an export of the delivery log into a chosen file', () => {
  it('writes every selected attempt, reports progress and leaves only the chosen file', async () => {
    const file = join(folder, 'failures.csv')
    const progress: number[] = []
    const result = await writeLogExportFile(harness.core.logExport, csv({ status: 'failure' }), {
      file,
      signal: new AbortController().signal,
      onProgress: (rows) => progress.push(rows),
      progressEveryMs: 0
    })
    const expected = Math.ceil(ROWS / 4)
    expect(result).toEqual({ status: 'written', rows: expected, fileName: 'failures.csv' })
    const written = csvObjects(readFileSync(file, 'utf8'))
    expect(written).toHaveLength(expected)
    expect(written.every((row) => row.response_status === '503')).toBe(true)
    expect(new Set(written.map((row) => row.webhook_id)).size).toBe(expected)
    expect(progress.at(-1)).toBe(expected)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(readdirSync(folder)).toEqual(['failures.csv'])
  })

  it('keeps quotes, commas and line breaks of the bodies intact, and writes NDJSON', async () => {
    const file = join(folder, 'tricky.ndjson')
    await writeLogExportFile(
      harness.core.logExport,
      { appId, format: 'ndjson', messageId: 'msg_file3' },
      { file, signal: new AbortController().signal }
    )
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(1)
    const row = JSON.parse(lines[0]) as { response_body: string; request_body: string }
    expect(row.response_body).toBe(TRICKY)
    expect(JSON.parse(row.request_body)).toEqual({ n: 3, note: TRICKY })
  })

  it('stops reading pages when cancelled mid-way, deletes the partial file and keeps the old one', async () => {
    const file = join(folder, 'log.csv')
    writeFileSync(file, 'what was there before\n')
    const controller = new AbortController()
    const { result, queries } = await countingQueries(() =>
      writeLogExportFile(harness.core.logExport, csv(), {
        file,
        signal: controller.signal,
        // The operator presses Cancel as soon as the first page is on its way to the disk.
        onProgress: () => controller.abort(),
        progressEveryMs: 0
      })
    )
    expect(result).toEqual({ status: 'cancelled', rows: EXPORT_PAGE_ROWS })
    // The first page and at most the one buffered ahead of the file, never the whole log.
    expect(queries).toBeLessThanOrEqual(2)
    expect(readFileSync(file, 'utf8')).toBe('what was there before\n')
    expect(readdirSync(folder)).toEqual(['log.csv'])
  })

  it('does not start when cancelled before it began', async () => {
    const controller = new AbortController()
    controller.abort()
    const { result, queries } = await countingQueries(() =>
      writeLogExportFile(harness.core.logExport, csv(), {
        file: join(folder, 'never.csv'),
        signal: controller.signal
      })
    )
    expect(result).toEqual({ status: 'cancelled', rows: 0 })
    expect(queries).toBe(0)
    expect(readdirSync(folder)).toEqual([])
  })

  it('names the file and the reason when it cannot be written, and leaves nothing behind', async () => {
    const missing = join(folder, 'gone', 'log.csv')
    await expect(
      writeLogExportFile(harness.core.logExport, csv(), {
        file: missing,
        signal: new AbortController().signal
      })
    ).rejects.toMatchObject({
      code: 'storage_unavailable',
      message: `Could not write ${missing}: the folder no longer exists.`
    })
    // A folder where the file should go: the rename fails after every row was written.
    const taken = join(folder, 'taken.csv')
    mkdirSync(taken)
    await expect(
      writeLogExportFile(harness.core.logExport, csv({ status: 'failure' }), {
        file: taken,
        signal: new AbortController().signal
      })
    ).rejects.toMatchObject({ message: expect.stringContaining(`Could not write ${taken}`) })
    expect(readdirSync(folder)).toEqual(['taken.csv'])
  })

  it('deletes the partial file when the log cannot be read mid-way, and passes the error on', async () => {
    const file = join(folder, 'broken.csv')
    const broken = {
      async *exportChunks() {
        yield 'id,created_at\r\n'
        yield '1,2026-01-01\r\n'
        throw new Error('the database went away')
      }
    }
    await expect(
      writeLogExportFile(broken, csv(), { file, signal: new AbortController().signal })
    ).rejects.toThrow('the database went away')
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(folder)).toEqual([])
  })
})

describe('the running exports of the desktop shell', () => {
  it('lets a window cancel only its own export, once per id', () => {
    const running = new RunningExports()
    const mine = running.begin('export-aaaa', 1)!
    expect(running.begin('export-aaaa', 2)).toBeNull()
    const theirs = running.begin('export-bbbb', 2)!
    expect(running.cancel('export-bbbb', 1)).toBe(false)
    expect(theirs.aborted).toBe(false)
    expect(running.cancel('export-aaaa', 1)).toBe(true)
    expect(mine.aborted).toBe(true)
    running.cancelAllOf(2)
    expect(theirs.aborted).toBe(true)
    running.end('export-aaaa')
    running.end('export-bbbb')
    expect(running.size).toBe(0)
  })
})
