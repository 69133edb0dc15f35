import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { proposeMapping } from '../../src/main/core/imports/column-mapping'
import { decodeXString } from '../../src/main/core/imports/xlsx-rows'
import { RECORD_EXPORT_PAGE_ROWS } from '../../src/main/core/exports/record-pages'
import { recordTypes } from '@shared/entity-catalog'
import { startHarness, type Harness } from '../support/core-harness'
import { runImport, stage } from '../support/imports'
import { parseCsv } from '../support/parse-csv'

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
const PRODUCTS = RECORD_EXPORT_PAGE_ROWS * 2 + 100
const isAcme = (n: number): boolean => n % 3 !== 0
const ACME = Array.from({ length: PRODUCTS }, (_, n) => n).filter(isAcme).length
/** Text a spreadsheet would run, as the API keeps it (it trims, so no leading tab or CR). */
const HOSTILE = [
  '=HYPERLINK("http://evil","x")',
  '+49 30 1234',
  '-minus',
  '@SUM(A1)',
  "'=quoted",
  'literal _x0041_ stays'
]

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
  const acme = await harness.call('entities.create', {
    type: 'brand',
    data: { name: 'Acme', externalId: 'brand-acme' }
  })
  const shoes = await harness.call('entities.create', {
    type: 'category',
    data: { name: 'Shoes', externalId: 'cat-shoes' }
  })
  const now = new Date().toISOString()
  const rows = Array.from({ length: PRODUCTS }, (_, n) => ({
    external_id: `P-${String(n).padStart(5, '0')}`,
    name: isAcme(n) ? `Acme boot ${n}` : `Globex clog ${n}`,
    sku: `SKU-${n}`,
    description:
      n < HOSTILE.length ? HOSTILE[n] : n % 7 === 0 ? 'Line one\r\nline "two", three' : null,
    price: n % 5 === 0 ? null : n + 0.25,
    status: n % 2 ? 'active' : 'draft',
    brand_id: n % 4 === 0 ? null : acme.id,
    category_id: n % 6 === 0 ? shoes.id : null,
    created_at: now,
    updated_at: now
  }))
  for (let start = 0; start < rows.length; start += 100)
    await harness.core.db('products').insert(rows.slice(start, start + 100))
  // Suppliers hold the leading tab and CR the API would trim: only the database can have them.
  await harness.core.db('suppliers').insert(
    ['=1+1', '+1', '-1', '@x', '\tTab', '\rCR', "'=quoted", 'plain'].map((name, n) => ({
      external_id: `S-${n}`,
      name,
      created_at: now,
      updated_at: now
    }))
  )
}, 120_000)

afterAll(async () => {
  await harness?.close()
})

async function exported(input: Record<string, unknown>): Promise<{ total: number; bytes: Buffer }> {
  const prepared = await harness.core.recordExport.prepareExport(input)
  const parts: Buffer[] = []
  for await (const chunk of harness.core.recordExport.exportChunks(prepared.input))
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)
  return { total: prepared.total, bytes: Buffer.concat(parts) }
}

async function xlsxRows(bytes: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const rows: unknown[][] = []
  workbook.worksheets[0].eachRow({ includeEmpty: false }, (row) => {
    rows.push((row.values as unknown[]).slice(1))
  })
  return rows
}

describe('exporting records', () => {
  it('writes headers the import maps back to the same fields, for every type', async () => {
    for (const type of recordTypes) {
      const { bytes } = await exported({ type, format: 'csv' })
      const [header] = parseCsv(bytes.toString('utf8'))
      const mapping = proposeMapping(type, header)
      expect(Object.keys(mapping)).toEqual(header)
      expect(header[0]).toBe('externalId')
      expect(mapping.externalId).toBe('externalId')
    }
    const { bytes } = await exported({ type: 'product', format: 'csv' })
    const [header] = parseCsv(bytes.toString('utf8'))
    expect(header).toEqual([
      'externalId',
      'name',
      'sku',
      'description',
      'price',
      'status',
      'brand',
      'category',
      'supplier'
    ])
    expect(proposeMapping('product', header)).toMatchObject({
      brand: 'brandId',
      category: 'categoryId',
      supplier: 'supplierId'
    })
  })

  it('exports every record the search selects across pages, once, newest first, references by external id', async () => {
    const { total, bytes } = await exported({ type: 'product', search: ' Acme ', format: 'csv' })
    expect(total).toBe(ACME)
    const [header, ...records] = parseCsv(bytes.toString('utf8'))
    expect(records).toHaveLength(ACME)
    const ids = records.map((record) => record[0])
    expect(new Set(ids).size).toBe(ACME)
    expect(ids).toEqual([...ids].sort().reverse())
    expect(records.every((record) => record[1].startsWith('Acme boot'))).toBe(true)
    const p1 = records.find((record) => record[0] === 'P-00001')!
    expect(Object.fromEntries(header.map((name, i) => [name, p1[i]]))).toEqual({
      externalId: 'P-00001',
      name: 'Acme boot 1',
      sku: 'SKU-1',
      description: "'+49 30 1234",
      price: '1.25',
      status: 'active',
      brand: 'brand-acme',
      category: '',
      supplier: ''
    })
    const p2 = records.find((record) => record[0] === 'P-00002')!
    expect(p2[header.indexOf('description')]).toBe("'-minus")
    const p4 = records.find((record) => record[0] === 'P-00004')!
    expect(p4[header.indexOf('description')]).toBe("''=quoted")
    const p14 = records.find((record) => record[0] === 'P-00014')!
    expect(p14[header.indexOf('description')]).toBe('Line one\r\nline "two", three')
    const all = await exported({ type: 'product', format: 'csv' })
    expect(all.total).toBe(PRODUCTS)
    expect(parseCsv(all.bytes.toString('utf8'))).toHaveLength(PRODUCTS + 1)
    const none = await exported({ type: 'product', search: 'no such thing', format: 'csv' })
    expect(none.total).toBe(0)
    expect(parseCsv(none.bytes.toString('utf8'))).toEqual([header])
  })

  it('neutralizes every cell a spreadsheet would read as a formula (=, +, -, @, tab, CR)', async () => {
    const { bytes } = await exported({ type: 'supplier', format: 'csv' })
    const names = parseCsv(bytes.toString('utf8'))
      .slice(1)
      .map((record) => record[1])
    expect(names.sort()).toEqual(
      ["'=1+1", "'+1", "'-1", "'@x", "'\tTab", "'\rCR", "''=quoted", 'plain'].sort()
    )
    expect(names.every((name) => !/^[=+\-@\t\r]/.test(name))).toBe(true)
  })

  it('writes XLSX that exceljs reads back with the same values, no formula cell', async () => {
    const { total, bytes } = await exported({ type: 'product', search: 'Acme', format: 'xlsx' })
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'))
    const rows = await xlsxRows(bytes)
    const csv = parseCsv(
      (await exported({ type: 'product', search: 'Acme', format: 'csv' })).bytes.toString('utf8')
    )
    expect(rows).toHaveLength(total + 1)
    expect(rows[0]).toEqual(csv[0])
    const byId = new Map(rows.slice(1).map((row) => [row[0], row]))
    const p1 = byId.get('P-00001')!
    expect(p1.slice(0, 7)).toEqual([
      'P-00001',
      'Acme boot 1',
      'SKU-1',
      '+49 30 1234',
      1.25,
      'active',
      'brand-acme'
    ])
    expect(byId.get('P-00004')![3]).toBe("''=quoted")
    // A carriage return travels as OOXML's `_x000D_` (XML would turn it into a line feed).
    expect(byId.get('P-00014')![3]).toBe('Line one_x000D_\nline "two", three')
    expect(decodeXString(String(byId.get('P-00014')![3]))).toBe('Line one\r\nline "two", three')
    expect(byId.get('P-00005')![3]).toBe('literal _x005F_x0041_ stays')
    expect(decodeXString(String(byId.get('P-00005')![3]))).toBe('literal _x0041_ stays')
    for (const row of rows)
      for (const cell of row) expect(typeof cell === 'object' && cell !== null).toBe(false)
    const sup = await xlsxRows((await exported({ type: 'supplier', format: 'xlsx' })).bytes)
    expect(sup.slice(1).map((row) => row[1])).toContain('=1+1')
  })

  it('reads no further page once the consumer stops', async () => {
    for (const format of ['csv', 'xlsx']) {
      const { input } = await harness.core.recordExport.prepareExport({ type: 'product', format })
      let queries = 0
      const count = (): number => (queries += 1)
      const progress: number[] = []
      const chunks = harness.core.recordExport.exportChunks(input, (rows) => progress.push(rows))
      harness.core.db.on('query', count)
      try {
        while (queries === 0) await chunks.next()
        const afterFirst = queries
        await chunks.return(undefined)
        expect((await chunks.next()).done).toBe(true)
        // The first page and its references' lookups; never the second page.
        expect(queries).toBe(afterFirst)
        expect(progress.every((rows) => rows <= RECORD_EXPORT_PAGE_ROWS)).toBe(true)
      } finally {
        harness.core.db.off('query', count)
      }
    }
  })

  it('refuses bad input in words', async () => {
    await expect(
      harness.core.recordExport.prepareExport({ type: 'gadget', format: 'csv' })
    ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('type') })
    await expect(
      harness.core.recordExport.prepareExport({ type: 'product', format: 'xls' })
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      message: expect.stringContaining('format')
    })
    await expect(
      harness.core.recordExport.prepareExport({ type: 'product', format: 'csv', offset: 5 })
    ).rejects.toMatchObject({ code: 'invalid_argument' })
  })

  it('round trip: the exported file re-imports with every row unchanged (CSV and XLSX)', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const { total, bytes } = await exported({ type: 'product', format })
      const upload = await stage(harness, `products.${format}`, bytes)
      const preview = await harness.call('imports.preview', {
        uploadId: upload.uploadId,
        type: 'product'
      })
      expect(preview.unmappedColumns).toEqual([])
      const job = await runImport(harness, {
        uploadId: upload.uploadId,
        type: 'product',
        mapping: preview.mapping,
        dryRun: true
      })
      expect(job).toMatchObject({ state: 'finished', refused: 0, created: 0, updated: 0 })
      expect(job.unchanged).toBe(total)
    }
  }, 120_000)
})
