import { afterEach, describe, expect, it } from 'vitest'
import type { EntityDto } from '@shared/dto'
import { startHarness, type Harness } from '../support/core-harness'
import { csvText, runImport, stage, xlsxFile } from '../support/imports'

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
let harness: Harness
afterEach(async () => harness?.close())

async function products(): Promise<EntityDto[]> {
  const page = await harness.call('entities.list', { type: 'product', limit: 500 })
  return page.items.sort((a, b) => a.externalId.localeCompare(b.externalId))
}

async function catalog() {
  const acme = await harness.call('entities.create', {
    type: 'brand',
    data: { name: 'Acme', externalId: 'brand-acme' }
  })
  const globex = await harness.call('entities.create', {
    type: 'brand',
    data: { name: 'Globex', externalId: 'brand-globex' }
  })
  const shoes = await harness.call('entities.create', { type: 'category', data: { name: 'Shoes' } })
  return { acme, globex, shoes }
}

describe('imports', () => {
  it('reads a CSV with a BOM and ";", proposes the mapping, creates, then updates by external id', async () => {
    harness = await startHarness({ importBatchSize: 2 })
    const { acme, globex, shoes } = await catalog()
    const file = csvText(
      [
        ['External ID', 'Name', 'SKU', 'Price', 'Brand', 'Category', 'Notes'],
        ['P-1', 'Boot', 'SKU-1', '12,50', 'Acme', 'Shoes', 'x'],
        ['P-2', 'Sandal', 'SKU-2', '9', 'brand-globex', '', ''],
        ['P-3', 'Clog', 'SKU-3', '', '', '', '']
      ],
      ';'
    )
    const upload = await stage(harness, 'products.csv', `\uFEFF${file}`)
    expect(upload.bytes).toBe(Buffer.byteLength(`\uFEFF${file}`))

    const preview = await harness.call('imports.preview', {
      uploadId: upload.uploadId,
      type: 'product'
    })
    expect(preview.headers).toEqual([
      'External ID',
      'Name',
      'SKU',
      'Price',
      'Brand',
      'Category',
      'Notes'
    ])
    expect(preview.mapping).toEqual({
      'External ID': 'externalId',
      Name: 'name',
      SKU: 'sku',
      Price: 'price',
      Brand: 'brandId',
      Category: 'categoryId'
    })
    expect(preview.mappingSource).toBe('proposed')
    expect(preview.unmappedColumns).toEqual(['Notes'])
    expect(preview.rows.map((row) => [row.row, row.action])).toEqual([
      [2, 'create'],
      [3, 'create'],
      [4, 'create']
    ])
    expect(preview.rows[0].fields).toMatchObject({
      externalId: 'P-1',
      price: 12.5,
      brandId: acme.id,
      categoryId: shoes.id
    })
    expect(await products()).toEqual([]) // a preview writes nothing

    const job = await runImport(harness, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping: preview.mapping
    })
    expect(job).toMatchObject({
      state: 'finished',
      created: 3,
      updated: 0,
      refused: 0,
      rowsDone: 3,
      rowsTotal: 3,
      committedThroughRow: 4
    })
    expect(job.summary).toBe('Finished: 3 created, 0 updated, 0 unchanged, 0 refused.')
    const saved = await products()
    expect(
      saved.map((p) => [
        p.externalId,
        p.fields.name,
        p.fields.price,
        p.fields.brandId,
        p.fields.categoryId
      ])
    ).toEqual([
      ['P-1', 'Boot', 12.5, acme.id, shoes.id],
      ['P-2', 'Sandal', 9, globex.id, null],
      ['P-3', 'Clog', null, null, null]
    ])

    // The same file with one price changed: one update, two unchanged rows (no event either).
    const again = await stage(harness, 'products.csv', file.replace('12,50', '14'))
    const second = await runImport(harness, {
      uploadId: again.uploadId,
      type: 'product',
      mapping: preview.mapping
    })
    expect(second).toMatchObject({ state: 'finished', created: 0, updated: 1, unchanged: 2 })
    expect((await products())[0].fields.price).toBe(14)
    const revisions = await harness.call('entities.revisions', { productId: saved[0].id })
    expect(revisions.map((revision) => revision.action)).toEqual(['updated', 'created'])
  })

  it('matches by SKU, remembers the mapping per type and refuses later duplicates of a key', async () => {
    harness = await startHarness()
    await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Old', sku: 'SKU-1', externalId: 'keep-me' }
    })
    const mapping = { Artikel: 'name', Nummer: 'sku', Preis: 'price' }
    const upload = await stage(
      harness,
      'by-sku.csv',
      csvText([
        ['Artikel', 'Nummer', 'Preis'],
        ['Renamed', 'SKU-1', '5'],
        ['New', 'SKU-9', '7'],
        ['Twice', 'SKU-9', '8']
      ])
    )
    const job = await runImport(harness, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping,
      matchBy: 'sku'
    })
    expect(job).toMatchObject({
      state: 'finished',
      created: 1,
      updated: 1,
      refused: 1,
      matchBy: 'sku'
    })
    const { items } = await harness.call('imports.errors', { jobId: job.id })
    expect(items).toEqual([
      {
        row: 4,
        column: 'Nummer',
        message: '"SKU-9" is already on row 3: a key is imported once per file (the first row)'
      }
    ])
    expect(
      (await products()).map((p) => [p.externalId, p.fields.sku, p.fields.name, p.fields.price])
    ).toEqual([
      ['keep-me', 'SKU-1', 'Renamed', 5],
      [expect.stringMatching(/^prod_/), 'SKU-9', 'New', 7]
    ])

    // The next preview of a file with those headers proposes the remembered mapping.
    const next = await stage(
      harness,
      'next.csv',
      csvText([
        ['Artikel', 'Nummer', 'Preis'],
        ['A', 'SKU-5', '1']
      ])
    )
    const preview = await harness.call('imports.preview', {
      uploadId: next.uploadId,
      type: 'product',
      matchBy: 'sku'
    })
    expect(preview).toMatchObject({ mapping, mappingSource: 'remembered', unmappedColumns: [] })

    // A key field must be unique and mapped.
    expect(
      (
        await harness.fail('imports.start', {
          uploadId: next.uploadId,
          type: 'product',
          mapping,
          matchBy: 'name'
        })
      ).message
    ).toContain('unique field')
    expect(
      (
        await harness.fail('imports.start', {
          uploadId: next.uploadId,
          type: 'product',
          mapping: { Artikel: 'name' },
          matchBy: 'sku'
        })
      ).message
    ).toContain('no column is mapped to sku')
  })

  it('imports the first worksheet of an XLSX, streamed, refusing formula cells', async () => {
    harness = await startHarness()
    const { acme } = await catalog()
    const file = await xlsxFile(
      [
        ['externalId', 'name', 'sku', 'price', 'status', 'brand'],
        ['X-1', 'Boot', 'SKU-1', 12.5, 'active', 'brand-acme'],
        ['X-2', { richText: [{ text: 'Rich ' }, { text: 'Sandal' }] }, 'SKU-2', 3, 'draft', 'Acme'],
        ['X-3', 'Formula', 'SKU-3', { formula: 'D2*2', result: 25 }, 'draft', null]
      ],
      true
    )
    const upload = await stage(harness, 'sheet.xlsx', file)
    const preview = await harness.call('imports.preview', {
      uploadId: upload.uploadId,
      type: 'product'
    })
    expect(preview.mapping).toEqual({
      externalId: 'externalId',
      name: 'name',
      sku: 'sku',
      price: 'price',
      status: 'status',
      brand: 'brandId'
    })
    expect(preview.rows.map((row) => row.action)).toEqual(['create', 'create', 'refuse'])
    const job = await runImport(harness, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping: preview.mapping
    })
    expect(job).toMatchObject({ state: 'finished', created: 2, refused: 1 })
    expect(
      (await products()).map((p) => [p.externalId, p.fields.name, p.fields.price, p.fields.brandId])
    ).toEqual([
      ['X-1', 'Boot', 12.5, acme.id],
      ['X-2', 'Rich Sandal', 3, acme.id]
    ])
    const { items } = await harness.call('imports.errors', { jobId: job.id })
    expect(items).toEqual([
      { row: 4, column: 'price', message: 'is a formula (=D2*2): save the sheet with values' }
    ])
  })

  it('refuses bad rows with row, column and message and saves the good ones', async () => {
    harness = await startHarness({ importBatchSize: 3 })
    await catalog()
    await harness.call('entities.create', { type: 'brand', data: { name: 'Acme' } }) // a second Acme
    const upload = await stage(
      harness,
      'mixed.csv',
      csvText([
        ['name', 'sku', 'price', 'status', 'brand'],
        ['Good', 'S-1', '1', 'active', 'brand-globex'],
        ['Bad price', 'S-2', 'abc', '', ''],
        ['', 'S-3', '1', '', ''],
        ['Unknown brand', 'S-4', '1', '', 'Initech'],
        ['Ambiguous', 'S-5', '1', '', 'Acme'],
        ['Bad status', 'S-6', '-1', 'sold', ''],
        ['Too many', 'S-7', '1', '', '', 'extra'],
        ['Good too', 'S-8', '', '', '']
      ])
    )
    const mapping = { name: 'name', sku: 'sku', price: 'price', status: 'status', brand: 'brandId' }
    const job = await runImport(harness, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping,
      matchBy: 'sku'
    })
    expect(job).toMatchObject({
      state: 'finished',
      created: 2,
      refused: 6,
      rowsDone: 8,
      committedThroughRow: 9
    })
    expect((await products()).map((p) => p.fields.sku).sort()).toEqual(['S-1', 'S-8'])
    const first = await harness.call('imports.errors', { jobId: job.id, limit: 4 })
    const rest = await harness.call('imports.errors', { jobId: job.id, cursor: first.nextCursor })
    expect(rest.nextCursor).toBeNull()
    expect([...first.items, ...rest.items]).toEqual([
      { row: 3, column: 'price', message: 'must be a number, not "abc"' },
      { row: 4, column: 'name', message: 'is required' },
      { row: 5, column: 'brand', message: 'no brand has the external ID or name "Initech"' },
      {
        row: 6,
        column: 'brand',
        message: '2 brand records are named "Acme": give its external ID'
      },
      { row: 7, column: 'price', message: 'must be at least 0' },
      { row: 7, column: 'status', message: 'must be one of draft, active, archived' },
      { row: 8, column: null, message: 'has 6 cells where the header has 5' }
    ])
  })

  it('a dry run answers what would happen and writes nothing: no record, revision, event or outbox row', async () => {
    harness = await startHarness({ deliver: false })
    const [products_] = (await harness.call('apps.list')).filter((app) => app.key === 'products')
    await harness.call('webhooks.create', {
      appId: products_.id,
      url: 'http://127.0.0.1:9/hook',
      events: ['product.created', 'product.updated']
    })
    await harness.call('entities.create', {
      type: 'product',
      data: { name: 'Kept', sku: 'S-1', externalId: 'P-1', price: 1 }
    })
    const counts = async () => {
      const db = harness.core.db
      const count = async (table: string) => Number((await db(table).count({ n: '*' }))[0].n)
      return {
        products: await count('products'),
        revisions: await count('product_revisions'),
        events: await count('events'),
        deliveries: await count('deliveries')
      }
    }
    const before = await counts()
    const upload = await stage(
      harness,
      'dry.csv',
      csvText([
        ['externalId', 'name', 'sku', 'price'],
        ['P-1', 'Changed', 'S-1', '2'],
        ['P-2', 'New', 'S-2', '3'],
        ['P-3', '', 'S-3', '']
      ])
    )
    const mapping = { externalId: 'externalId', name: 'name', sku: 'sku', price: 'price' }
    const job = await runImport(harness, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping,
      dryRun: true
    })
    expect(job).toMatchObject({
      state: 'finished',
      dryRun: true,
      created: 1,
      updated: 1,
      refused: 1,
      committedThroughRow: null
    })
    expect(job.summary).toBe(
      'Dry run finished: 1 would be created, 1 would be updated, 0 unchanged, 1 would be refused.'
    )
    expect(await counts()).toEqual(before)
    expect((await products())[0].fields.name).toBe('Kept')
    expect((await harness.call('imports.errors', { jobId: job.id })).items).toEqual([
      { row: 4, column: 'name', message: 'is required' }
    ])
  })
})
