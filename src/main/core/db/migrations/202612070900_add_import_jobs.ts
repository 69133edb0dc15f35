import type { Knex } from 'knex'

/**
 * Imports from CSV or XLSX (issue 23).
 * - `import_jobs`: one row per import (or dry run) with its counts and state; `committed_through_row`
 *   is the last file row whose batch committed, so a job cancelled, failed or interrupted says
 *   where it stopped. `heartbeat_at` moves with every batch: on PostgreSQL a starting process
 *   marks only jobs whose heartbeat is old as interrupted (another process may be running one).
 * - `import_row_errors`: the refused rows' messages (row_number, column_name, message), capped per job;
 *   `errors_beyond` on the job counts those not kept.
 * - `import_mappings`: the last mapping used per record type, proposed first next time.
 * New tables only; knex's migration transaction makes it all or nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('import_jobs', (table) => {
    table.increments('id')
    table.string('type', 32).notNullable()
    table.string('file_name', 300).notNullable()
    table.text('mapping').notNullable()
    table.string('match_by', 100).notNullable()
    table.boolean('dry_run').notNullable().defaultTo(false)
    /** running | finished | cancelled | interrupted | failed */
    table.string('state', 16).notNullable()
    table.integer('rows_total').nullable()
    table.integer('rows_done').notNullable().defaultTo(0)
    table.integer('created').notNullable().defaultTo(0)
    table.integer('updated').notNullable().defaultTo(0)
    table.integer('unchanged').notNullable().defaultTo(0)
    table.integer('refused').notNullable().defaultTo(0)
    table.integer('committed_through_row').nullable()
    table.integer('errors_beyond').notNullable().defaultTo(0)
    table.bigInteger('started_at').notNullable()
    table.bigInteger('heartbeat_at').notNullable()
    table.bigInteger('finished_at').nullable()
    table.text('error').nullable()
    table.index(['state'])
  })
  await db.schema.createTable('import_row_errors', (table) => {
    table.increments('id')
    table.integer('job_id').notNullable().references('import_jobs.id').onDelete('CASCADE')
    table.integer('row_number').notNullable()
    table.string('column_name', 500).nullable()
    table.text('message').notNullable()
    table.index(['job_id', 'id'])
  })
  await db.schema.createTable('import_mappings', (table) => {
    table.string('type', 32).primary()
    table.text('mapping').notNullable()
    table.bigInteger('updated_at').notNullable()
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('import_mappings')
  await db.schema.dropTable('import_row_errors')
  await db.schema.dropTable('import_jobs')
}
