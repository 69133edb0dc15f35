import { beforeAll, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrateToLatest } from '../../src/main/core/db/migrate'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

it('creates the schema on PostgreSQL with the same migrations as on SQLite', async () => {
  const db = createKnex(await cluster.createDatabase())
  try {
    await migrateToLatest(db)
    const tables = await db('information_schema.tables')
      .where({ table_schema: 'public' })
      .pluck('table_name')
    expect(tables).toEqual(
      expect.arrayContaining(['products', 'webhooks', 'deliveries', 'webhook_logs'])
    )
  } finally {
    await db.destroy()
  }
})
