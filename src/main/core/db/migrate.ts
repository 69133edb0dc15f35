import type { Knex } from 'knex'
import { upgradeStepName, type UpgradeProgress } from '@shared/desktop-ipc'
import { dialectOf } from './knex-factory'
import { migrationSource } from './migration-source'

// Apart from knex-factory: the migrations import its dialectOf, so a factory that also ran them
// would close an import cycle (factory -> migration list -> migration -> factory).

export type UpgradeListener = (progress: UpgradeProgress) => void

/**
 * Brings the schema up to date, telling `onUpgrade` how it goes when an existing database has
 * migrations to run (a new, empty one is not an upgrade: it takes no time worth showing).
 *
 * On a shared PostgreSQL several processes may start at once, and knex's own bookkeeping tables
 * are created without a guard: a session advisory lock, held on a connection of its own, lets
 * one process migrate while the others wait (and then find nothing left to do). A process that
 * has to wait says so (`waiting`), so a desktop upgrade window can tell the operator why.
 */
export async function migrateToLatest(db: Knex, onUpgrade?: UpgradeListener): Promise<void> {
  if (dialectOf(db) !== 'postgres') return migrateReporting(db, onUpgrade)
  type PgConnection = {
    query(sql: string, values: unknown[]): Promise<{ rows: Array<{ locked: boolean }> }>
  }
  const holder = (await db.client.acquireConnection()) as PgConnection
  try {
    const tried = await holder.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
      MIGRATION_LOCK
    ])
    if (!tried.rows[0]?.locked) {
      onUpgrade?.({ phase: 'waiting' })
      await holder.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK])
    }
    try {
      await migrateReporting(db, onUpgrade)
    } finally {
      await holder.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK])
    }
  } finally {
    await db.client.releaseConnection(holder)
  }
}

const MIGRATION_LOCK = 'pim:migrate'

type Listed = unknown[]

async function migrateReporting(db: Knex, onUpgrade?: UpgradeListener): Promise<void> {
  if (!onUpgrade) {
    await db.migrate.latest({ migrationSource })
    return
  }
  const [completed, pending] = (await db.migrate.list({ migrationSource })) as [Listed, Listed]
  if (pending.length === 0 || completed.length === 0) {
    await db.migrate.latest({ migrationSource })
    return
  }
  const total = pending.length
  let done = 0
  // Each migration reports itself as it starts, inside knex's own run: batching, transactions
  // and the migration lock stay knex's.
  const reporting: Knex.MigrationSource<string> = {
    ...migrationSource,
    getMigration: async (name) => {
      const migration = await migrationSource.getMigration(name)
      return {
        ...migration,
        up: async (knex: Knex) => {
          onUpgrade({ phase: 'migrating', done, total, step: upgradeStepName(name) })
          await migration.up(knex)
          done += 1
        }
      }
    }
  }
  await db.migrate.latest({ migrationSource: reporting })
  onUpgrade({ phase: 'finished', total })
}
