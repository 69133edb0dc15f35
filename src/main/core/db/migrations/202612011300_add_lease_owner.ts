import type { Knex } from 'knex'

/**
 * Which process holds a lease. On a shared PostgreSQL several workers claim from one outbox: a
 * worker releases and finishes only its own leases, and never resets another live worker's.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.string('lease_owner', 64).nullable()
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('deliveries', (table) => {
    table.dropColumn('lease_owner')
  })
}
