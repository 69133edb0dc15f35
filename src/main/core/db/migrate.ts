import type { Knex } from 'knex'
import { dialectOf } from './knex-factory'
import { migrationSource } from './migration-source'

// Apart from knex-factory: the migrations import its dialectOf, so a factory that also ran them
// would close an import cycle (factory -> migration list -> migration -> factory).

/**
 * Brings the schema up to date. On a shared PostgreSQL several processes may start at once, and
 * knex's own bookkeeping tables are created without a guard: a session advisory lock, held on a
 * connection of its own, lets one process migrate while the others wait (and then find nothing
 * left to do).
 */
export async function migrateToLatest(db: Knex): Promise<void> {
  if (dialectOf(db) !== 'postgres') {
    await db.migrate.latest({ migrationSource })
    return
  }
  type PgConnection = { query(sql: string, values: unknown[]): Promise<unknown> }
  const holder = (await db.client.acquireConnection()) as PgConnection
  try {
    await holder.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK])
    try {
      await db.migrate.latest({ migrationSource })
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK])
    }
  } finally {
    await db.client.releaseConnection(holder)
  }
}

const MIGRATION_LOCK = 'pim:migrate'
