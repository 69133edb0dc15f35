import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECORD_EXPORT_PAGE_ROWS } from '../../src/main/core/exports/record-pages'
import { writeLogExportFile } from '../../src/main/desktop/log-export-file'
import { startHarness, type Harness } from '../support/core-harness'

/** The desktop's file writer with the record export of a real core: written, and cancelled. */
const ROWS = RECORD_EXPORT_PAGE_ROWS * 4
let harness: Harness
let folder: string

beforeAll(async () => {
  harness = await startHarness()
  folder = mkdtempSync(join(tmpdir(), 'pim-record-file-'))
  const now = new Date().toISOString()
  const rows = Array.from({ length: ROWS }, (_, n) => ({
    external_id: `P-${n}`,
    name: `Product ${n}`,
    sku: `SKU-${n}`,
    created_at: now,
    updated_at: now
  }))
  for (let start = 0; start < rows.length; start += 100)
    await harness.core.db('products').insert(rows.slice(start, start + 100))
}, 60_000)

afterAll(async () => {
  await harness.close()
  rmSync(folder, { recursive: true, force: true })
})

describe('writing a record export into a chosen file', () => {
  it('writes every record as XLSX and leaves only the chosen file', async () => {
    const file = join(folder, 'products.xlsx')
    const result = await writeLogExportFile(
      harness.core.recordExport,
      { type: 'product', format: 'xlsx' },
      { file, signal: new AbortController().signal }
    )
    expect(result).toEqual({ status: 'written', rows: ROWS, fileName: 'products.xlsx' })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(file)
    expect(workbook.worksheets[0].rowCount).toBe(ROWS + 1)
    expect(readdirSync(folder)).toEqual(['products.xlsx'])
  })

  it('stops reading pages when cancelled mid-way and keeps the file that was there', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const file = join(folder, `old.${format}`)
      writeFileSync(file, 'what was there before\n')
      const controller = new AbortController()
      let queries = 0
      const count = (): number => (queries += 1)
      harness.core.db.on('query', count)
      try {
        const result = await writeLogExportFile(
          harness.core.recordExport,
          { type: 'product', format },
          {
            file,
            signal: controller.signal,
            onProgress: () => controller.abort(),
            progressEveryMs: 0
          }
        )
        expect(result).toEqual({ status: 'cancelled', rows: RECORD_EXPORT_PAGE_ROWS })
      } finally {
        harness.core.db.off('query', count)
      }
      // The first page and at most the one buffered ahead of the file, never all four.
      expect(queries).toBeLessThanOrEqual(2)
      expect(readFileSync(file, 'utf8')).toBe('what was there before\n')
      rmSync(file)
    }
    expect(readdirSync(folder)).toEqual(['products.xlsx'])
  })
})
