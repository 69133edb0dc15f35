import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, expect, it } from 'vitest'
import { startHarness, type Harness } from '../support/core-harness'
import { csvText, runImport, stage } from '../support/imports'

// Runs on SQLite here and on PostgreSQL in the postgres project.
let harness: Harness
afterEach(async () => harness?.close())

const mapping = { name: 'name', sku: 'sku' }
const stagedFiles = (): string[] => {
  try {
    return readdirSync(join(harness.dataDir, 'imports'))
  } catch {
    return []
  }
}
const skus = async (): Promise<string[]> =>
  (await harness.core.db('products').orderBy('sku').select('sku')).map(
    (row: { sku: string }) => row.sku
  )

it('refuses a file that is not UTF-8, an old XLS and a fake XLSX at upload, keeping nothing', async () => {
  harness = await startHarness()
  const latin1 = Buffer.from('name,sku\r\nGröße,S-1\r\n', 'latin1')
  await expect(stage(harness, 'latin1.csv', latin1)).rejects.toThrow(
    'file: not UTF-8: save the file as CSV UTF-8'
  )
  await expect(
    stage(harness, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]))
  ).rejects.toThrow('Excel 97-2003')
  await expect(stage(harness, 'fake.xlsx', 'name,sku\r\n')).rejects.toThrow('not an XLSX file')
  expect(stagedFiles()).toEqual([])
  // However the stream cuts its chunks: a zip's magic split over 1-byte chunks is still XLSX,
  // and bytes that are not UTF-8 late in a CSV are still found.
  const split = harness.core.imports.stage(
    Readable.from(['P', 'K', '\x03', '\x04'].map((c) => Buffer.from(c, 'latin1'))),
    'x.bin'
  )
  expect(await split).toMatchObject({ bytes: 4 })
  expect(stagedFiles().filter((name) => name.endsWith('.xlsx'))).toHaveLength(1)
  const late = Buffer.concat([
    Buffer.from('name,sku\r\n' + 'a,b\r\n'.repeat(20_000)),
    Buffer.from([0xff])
  ])
  await expect(stage(harness, 'late.csv', late)).rejects.toThrow('not UTF-8')
  expect(stagedFiles().filter((name) => name.endsWith('.csv') || name.endsWith('.part'))).toEqual(
    []
  )
})

it('a damaged XLSX is refused as a whole file, in words', async () => {
  harness = await startHarness()
  const upload = await stage(
    harness,
    'broken.xlsx',
    Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(2_000, 7)])
  )
  const error = await harness.fail('imports.preview', {
    uploadId: upload.uploadId,
    type: 'product'
  })
  expect(error.code).toBe('invalid_argument')
  expect(error.message).toMatch(/^file: not a readable XLSX file/)
  expect(await skus()).toEqual([])
})

it('refuses an upload over 100 MiB while it arrives and keeps nothing', async () => {
  harness = await startHarness()
  const mib = Buffer.alloc(1024 * 1024, 'a')
  async function* big() {
    yield Buffer.from('name,sku\r\n')
    for (let i = 0; i < 101; i++) yield mib
  }
  await expect(harness.core.imports.stage(Readable.from(big()), 'big.csv')).rejects.toThrow(
    'larger than 100 MiB, the most an import reads'
  )
  expect(stagedFiles()).toEqual([])
})

it('an unbalanced quote refuses the rows it swallows, with their row, and saves the rest', async () => {
  harness = await startHarness()
  // A stray quote after a quoted cell: that record is refused; the parser then reads the rest
  // as one open quote, which is refused too (and says nothing after it could be read).
  const stray = await stage(
    harness,
    'stray.csv',
    'name,sku\r\nGood,S-1\r\n"Bad"x,S-2\r\nLost,S-3\r\n'
  )
  const job = await runImport(harness, { uploadId: stray.uploadId, type: 'product', mapping })
  expect(job).toMatchObject({ state: 'finished', created: 1, refused: 2 })
  expect((await harness.call('imports.errors', { jobId: job.id })).items).toEqual([
    { row: 3, column: null, message: 'a quote inside a cell must be doubled ("")' },
    {
      row: 4,
      column: null,
      message: 'a quote opened in this row is never closed: nothing after it could be read'
    }
  ])

  // Rows are counted as a spreadsheet shows them: a blank line is a row, a cell's line break is not.
  const unclosed = await stage(
    harness,
    'unclosed.csv',
    'name,sku\r\nFirst,S-4\r\n\r\n"Two\r\nlines",S-5\r\n"Open,S-6\r\nLost,S-7\r\n'
  )
  const second = await runImport(harness, { uploadId: unclosed.uploadId, type: 'product', mapping })
  expect(second).toMatchObject({ created: 2, refused: 1, committedThroughRow: 5 })
  expect((await harness.call('imports.errors', { jobId: second.id })).items).toEqual([
    {
      row: 5,
      column: null,
      message: 'a quote opened in this row is never closed: nothing after it could be read'
    }
  ])
  expect(await skus()).toEqual(['S-1', 'S-4', 'S-5'])
})

it('a 1 MB cell refuses its row naming the column; the others are saved', async () => {
  harness = await startHarness()
  const upload = await stage(
    harness,
    'long.csv',
    csvText([
      ['name', 'sku', 'description'],
      ['Short', 'S-1', 'fine'],
      ['Long', 'S-2', 'x'.repeat(1024 * 1024)],
      ['After', 'S-3', '']
    ])
  )
  const job = await runImport(harness, {
    uploadId: upload.uploadId,
    type: 'product',
    mapping: { ...mapping, description: 'description' }
  })
  expect(job).toMatchObject({ created: 2, refused: 1 })
  expect((await harness.call('imports.errors', { jobId: job.id })).items).toEqual([
    { row: 3, column: 'description', message: 'is longer than 64 KiB (1048576 characters)' }
  ])
  expect(await skus()).toEqual(['S-1', 'S-3'])
})

it('the errors CSV neutralizes formula cells', async () => {
  harness = await startHarness()
  const upload = await stage(
    harness,
    'formulas.csv',
    csvText([
      ['name', 'sku', '=HYPERLINK(A1)'],
      ['=cmd|calc', 'S-1', '=1+1'],
      ['@SUM(A1)', 'S-1', '2']
    ])
  )
  const job = await runImport(harness, {
    uploadId: upload.uploadId,
    type: 'product',
    mapping: { ...mapping, '=HYPERLINK(A1)': 'price' },
    matchBy: 'sku'
  })
  expect(job).toMatchObject({ created: 0, refused: 2 })
  const { fileName, csv } = await harness.call('imports.errorsCsv', { jobId: job.id })
  expect(fileName).toBe(`import-${job.id}-errors.csv`)
  expect(csv).toBe(
    'row,column,message\r\n' +
      `2,'=HYPERLINK(A1),"must be a number, not ""=1+1"""\r\n` +
      `3,sku,"""S-1"" is already on row 2: a key is imported once per file (the first row)"\r\n`
  )
})
