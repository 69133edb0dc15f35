import type { Knex } from 'knex'

/**
 * Fan-out by reference: an event's content is stored once in `events` and every outbox row
 * points at it, instead of each of N rows carrying its own full body. A body is assembled at send
 * time from the event's shared head and tail, the app as it was when the event happened (kept in
 * `apps`) and the webhook's immutable external id, so every attempt sends identical bytes.
 *
 * Rows queued before this migration keep their exact bytes: each becomes an event whose head is
 * its whole body (`body_tail` null), with the same id so the link is simply `event_id = id`.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('events', (table) => {
    table.increments('id')
    table.string('name', 64).notNullable()
    table.text('body_head').notNullable()
    table.text('body_tail')
    table.text('apps')
    table.text('revision')
    table.bigInteger('occurred_at').notNullable()
    table.bigInteger('created_at').notNullable()
    table.index(['created_at'])
  })
  await db.raw(
    `INSERT INTO events (id, name, body_head, body_tail, apps, revision, occurred_at, created_at)
     SELECT id, event, body, NULL, NULL, revision, created_at, created_at FROM deliveries`
  )
  await db.raw('ALTER TABLE deliveries ADD COLUMN event_id INTEGER REFERENCES events (id)')
  await db.raw('UPDATE deliveries SET event_id = id')
  await db.raw('CREATE INDEX deliveries_event_id_index ON deliveries (event_id)')
  await db.raw('ALTER TABLE deliveries DROP COLUMN body')
  await db.raw('ALTER TABLE deliveries DROP COLUMN revision')
}

type Row = Record<string, unknown>

/** Puts every body back on its row, assembled exactly as the worker would have sent it. */
export async function down(db: Knex): Promise<void> {
  await db.raw("ALTER TABLE deliveries ADD COLUMN body TEXT NOT NULL DEFAULT ''")
  await db.raw('ALTER TABLE deliveries ADD COLUMN revision TEXT')
  const rows: Row[] = await db('deliveries')
    .join('events', 'events.id', 'deliveries.event_id')
    .join('webhooks', 'webhooks.id', 'deliveries.webhook_id')
    .join('apps', 'apps.id', 'webhooks.app_id')
    .select(
      'deliveries.id',
      'events.body_head',
      'events.body_tail',
      'events.apps',
      'events.revision',
      'webhooks.app_id',
      'webhooks.external_id',
      'apps.external_id as app_external_id',
      'apps.name as app_name'
    )
  for (const row of rows) {
    let body = String(row.body_head)
    if (row.body_tail !== null) {
      const apps = JSON.parse(String(row.apps ?? '{}')) as Record<string, string>
      const app =
        apps[String(row.app_id)] ??
        JSON.stringify({ external_id: row.app_external_id, name: row.app_name })
      body = `${body}"app":${app},"webhook":${JSON.stringify({ external_id: row.external_id })},${String(row.body_tail)}`
    }
    await db('deliveries').where({ id: row.id }).update({ body, revision: row.revision })
  }
  await db.raw('DROP INDEX deliveries_event_id_index')
  await db.raw('ALTER TABLE deliveries DROP COLUMN event_id')
  await db.schema.dropTable('events')
}
