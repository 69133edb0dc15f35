import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Knex } from 'knex'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startHarness, tempDir } from '../support/core-harness'
import { killInsideMigration } from '../support/killed-migration'
import { csvText, runImport, stage } from '../support/imports'

const MIGRATION = '202612070900_add_import_jobs'
const TABLES = ['import_jobs', 'import_row_errors', 'import_mappings']

async function tablesPresent(db: Knex): Promise<string[]> {
  const present: string[] = []
  for (const table of TABLES) if (await db.schema.hasTable(table)) present.push(table)
  return present
}

// Runs on SQLite here and on PostgreSQL in the postgres project (the harness picks the database).
it('adds the import tables to a database with records, surviving a kill in the middle', async () => {
  const dataDir = tempDir()
  const first = await startHarness({ dataDir, deliver: false })
  const database = first.database ?? join(dataDir, 'pim.sqlite')
  const product = await first.call('entities.create', {
    type: 'product',
    data: { name: 'Before imports', sku: 'S-1', externalId: 'P-1', price: 1 }
  })
  await first.close()

  // Back to the schema before imports, with the product in it.
  const old = createKnex(database)
  await old.migrate.down({ migrationSource, name: MIGRATION })
  expect(await tablesPresent(old)).toEqual([])
  await old.destroy()

  await killInsideMigration(database, MIGRATION)
  const afterKill = createKnex(database)
  expect(await tablesPresent(afterKill)).toEqual([])
  expect(await afterKill('knex_migrations').where({ name: MIGRATION }).first()).toBeUndefined()
  await afterKill.destroy()

  // The next start migrates to the end, and an import updates the product that was there.
  const second = await startHarness({ dataDir, database: first.database, deliver: false })
  try {
    expect(await tablesPresent(second.core.db)).toEqual(TABLES)
    expect(await second.call('imports.list', {})).toEqual([])
    const upload = await stage(
      second,
      'p.csv',
      csvText([
        ['externalId', 'price'],
        ['P-1', '2']
      ])
    )
    const job = await runImport(second, {
      uploadId: upload.uploadId,
      type: 'product',
      mapping: { externalId: 'externalId', price: 'price' }
    })
    expect(job).toMatchObject({ state: 'finished', updated: 1 })
    const after = await second.call('entities.get', { type: 'product', id: product.id })
    expect(after.fields).toMatchObject({ name: 'Before imports', price: 2 })
  } finally {
    await second.close()
  }
})
