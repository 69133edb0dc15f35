import type { Knex } from 'knex'

/**
 * Alerts (issue 21): the operator hears when a webhook turns failing, is disabled, or holds
 * deliveries too long.
 * - `alert_settings`: one row per app, written on its first change (an app without a row has the
 *   defaults). The alert webhook's secret is sealed like webhook secrets, with its hint beside it.
 * - `alert_states`: per webhook and kind, whether the alert is raised and when it last notified
 *   anyone. `version` is the claim: a monitor changes a row only `WHERE version = <what it read>`
 *   and commits before it sends, so of two processes on one PostgreSQL only one notifies.
 * - `alerts`: the in-app notifications. They outlive their webhook (`webhook_id` set null, the
 *   name kept) and go with their app.
 * New tables only; knex's migration transaction makes it all or nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('alert_settings', (table) => {
    table.integer('app_id').primary().references('apps.id').onDelete('CASCADE')
    table.boolean('in_app').notNullable().defaultTo(true)
    table.string('webhook_url', 2048).nullable()
    table.string('secret', 200).nullable()
    table.string('secret_hint', 8).nullable()
    table.integer('held_threshold_minutes').notNullable().defaultTo(60)
    table.integer('quiet_period_minutes').notNullable().defaultTo(30)
    table.bigInteger('updated_at').notNullable()
  })
  await db.schema.createTable('alert_states', (table) => {
    table.integer('webhook_id').notNullable().references('webhooks.id').onDelete('CASCADE')
    table.string('kind', 16).notNullable()
    table.integer('app_id').notNullable().references('apps.id').onDelete('CASCADE')
    /** `raised`, or `recovered` (also a row made ready for a first claim: raised_at null). */
    table.string('state', 16).notNullable()
    table.integer('version').notNullable().defaultTo(0)
    table.bigInteger('raised_at').nullable()
    table.bigInteger('last_notified_at').nullable()
    table.bigInteger('recovered_at').nullable()
    table.primary(['webhook_id', 'kind'])
  })
  await db.schema.createTable('alerts', (table) => {
    table.increments('id')
    table.integer('app_id').notNullable().references('apps.id').onDelete('CASCADE')
    table.integer('webhook_id').nullable().references('webhooks.id').onDelete('SET NULL')
    table.string('webhook_name', 200).notNullable()
    table.string('kind', 16).notNullable()
    table.string('state', 16).notNullable()
    table.string('title', 300).notNullable()
    table.text('text').notNullable()
    table.bigInteger('created_at').notNullable()
    table.bigInteger('read_at').nullable()
    table.index(['app_id', 'id'])
    table.index(['webhook_id'])
  })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('alerts')
  await db.schema.dropTable('alert_states')
  await db.schema.dropTable('alert_settings')
}
