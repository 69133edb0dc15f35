import type { Knex } from 'knex'

type Columns = (table: Knex.CreateTableBuilder) => void

/** id, external_id and timestamps shared by every record table. Frozen with this migration. */
function recordTable(db: Knex, name: string, columns: Columns): Knex.SchemaBuilder {
  return db.schema.createTable(name, (table) => {
    table.increments('id')
    table.string('external_id', 64).notNullable().unique()
    columns(table)
    table.string('created_at', 32).notNullable()
    table.string('updated_at', 32).notNullable()
  })
}

/** A foreign key that refuses deletion of a referenced row, so nothing vanishes silently. */
function reference(table: Knex.CreateTableBuilder, column: string, target: string): void {
  table.integer(column).unsigned().references('id').inTable(target).onDelete('RESTRICT')
  table.index([column])
}

const nameColumn: Columns = (table) => table.string('name', 200).notNullable()
const nameAndDescription: Columns = (table) => {
  nameColumn(table)
  table.text('description')
}

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('account', (table) => {
    table.integer('id').primary()
    table.string('external_id', 64).notNullable()
    table.string('name', 200).notNullable()
    table.string('operator_name', 200).notNullable()
    table.string('created_at', 32).notNullable()
    table.string('updated_at', 32).notNullable()
  })

  await recordTable(db, 'apps', (table) => {
    nameColumn(table)
    table.string('key', 64).notNullable().unique()
  })

  await recordTable(db, 'brands', (table) => {
    nameAndDescription(table)
    table.string('website', 200)
  })
  await recordTable(db, 'suppliers', (table) => {
    nameColumn(table)
    table.string('email', 200)
    table.string('phone', 50)
  })
  await recordTable(db, 'categories', (table) => {
    nameAndDescription(table)
    reference(table, 'parent_id', 'categories')
  })
  await recordTable(db, 'products', (table) => {
    nameColumn(table)
    table.string('sku', 100).notNullable().unique()
    table.text('description')
    table.decimal('price', 14, 4)
    table.string('status', 20)
    reference(table, 'brand_id', 'brands')
    reference(table, 'category_id', 'categories')
    reference(table, 'supplier_id', 'suppliers')
  })
  await recordTable(db, 'product_groups', nameAndDescription)
  await recordTable(db, 'property_groups', nameAndDescription)
  await recordTable(db, 'properties', (table) => {
    nameColumn(table)
    table.string('value', 200)
    reference(table, 'property_group_id', 'property_groups')
  })
  await recordTable(db, 'media', (table) => {
    nameColumn(table)
    table.string('url', 200)
    table.string('alt_text', 200)
  })
  await recordTable(db, 'files', (table) => {
    nameColumn(table)
    table.string('mime_type', 100)
    table.bigInteger('size')
  })
  await recordTable(db, 'customer_groups', nameAndDescription)
  await recordTable(db, 'customers', (table) => {
    nameColumn(table)
    table.string('email', 200)
    reference(table, 'customer_group_id', 'customer_groups')
  })
  await recordTable(db, 'orders', (table) => {
    table.string('number', 100).notNullable().unique()
    reference(table, 'customer_id', 'customers')
    table.decimal('total', 14, 4)
    table.string('status', 20)
  })
  await recordTable(db, 'pricing_rules', (table) => {
    nameColumn(table)
    reference(table, 'product_id', 'products')
    table.decimal('price', 14, 4)
    table.string('valid_from', 32)
    table.string('valid_to', 32)
  })
  await recordTable(db, 'payment_terms', (table) => {
    nameColumn(table)
    table.integer('days')
  })
  await recordTable(db, 'currencies', (table) => {
    nameColumn(table)
    table.string('iso_code', 3)
    table.string('symbol', 8)
  })
  await recordTable(db, 'units', (table) => {
    nameColumn(table)
    table.string('symbol', 16)
  })
  await recordTable(db, 'languages', (table) => {
    nameColumn(table)
    table.string('locale', 35)
  })
  await recordTable(db, 'inventory', (table) => {
    reference(table, 'product_id', 'products')
    table.string('warehouse', 100).notNullable()
    table.integer('quantity').notNullable()
  })

  // Revisions outlive their product (audit trail), so no foreign key to products.
  await db.schema.createTable('product_revisions', (table) => {
    table.increments('id')
    table.integer('product_id').notNullable()
    table.string('product_external_id', 64).notNullable()
    table.string('action', 16).notNullable()
    table.string('user_name', 200).notNullable()
    table.text('changes').notNullable()
    table.string('created_at', 32).notNullable()
    table.index(['product_id', 'id'])
  })

  await db.schema.createTable('webhooks', (table) => {
    table.increments('id')
    table.string('external_id', 64).notNullable().unique()
    table.integer('app_id').notNullable().references('id').inTable('apps').onDelete('RESTRICT')
    table.string('name', 200).notNullable()
    table.string('url', 2048).notNullable()
    table.boolean('active').notNullable()
    table.string('secret', 100).notNullable()
    table.string('previous_secret', 100)
    table.bigInteger('previous_secret_expires_at')
    table.text('disabled_reason')
    table.bigInteger('disabled_at')
    table.bigInteger('created_at').notNullable()
    table.bigInteger('updated_at').notNullable()
    table.index(['app_id'])
  })

  // One row per subscribed event, so matching an event is an index lookup.
  await db.schema.createTable('webhook_events', (table) => {
    table.integer('webhook_id').notNullable()
    table.foreign('webhook_id').references('webhooks.id').onDelete('CASCADE')
    table.string('event', 64).notNullable()
    table.primary(['webhook_id', 'event'])
    table.index(['event'])
  })

  // The outbox: written in the entity's transaction, drained by the delivery worker.
  await db.schema.createTable('deliveries', (table) => {
    table.increments('id')
    table.string('message_id', 64).notNullable().unique()
    table.integer('webhook_id').notNullable()
    table.foreign('webhook_id').references('webhooks.id').onDelete('CASCADE')
    table.integer('app_id').notNullable()
    table.string('event', 64).notNullable()
    table.text('body').notNullable()
    table.text('revision')
    table.string('status', 16).notNullable()
    table.integer('attempts').notNullable().defaultTo(0)
    table.bigInteger('next_attempt_at').notNullable()
    table.bigInteger('lease_until')
    table.bigInteger('created_at').notNullable()
    table.bigInteger('updated_at').notNullable()
    table.index(['status', 'next_attempt_at'])
    table.index(['webhook_id'])
  })

  // One row per attempt; kept when the webhook or its deliveries are deleted.
  await db.schema.createTable('webhook_logs', (table) => {
    table.increments('id')
    table.integer('delivery_id')
    table.foreign('delivery_id').references('deliveries.id').onDelete('SET NULL')
    table.string('message_id', 64).notNullable()
    table.integer('webhook_id')
    table.foreign('webhook_id').references('webhooks.id').onDelete('SET NULL')
    table.string('webhook_external_id', 64).notNullable()
    table.integer('app_id').notNullable()
    table.string('event', 64).notNullable()
    table.string('url', 2048).notNullable()
    table.text('request_headers').notNullable()
    table.text('request_body').notNullable()
    table.integer('response_status').notNullable()
    table.text('response_body').notNullable()
    table.boolean('response_body_truncated').notNullable()
    table.integer('response_time_ms').notNullable()
    table.string('error_class', 32)
    table.text('error')
    table.integer('attempt').notNullable()
    table.text('revision')
    table.bigInteger('created_at').notNullable()
    table.index(['app_id', 'id'])
    table.index(['app_id', 'event', 'id'])
    table.index(['app_id', 'webhook_id', 'id'])
    table.index(['app_id', 'response_status', 'id'])
    table.index(['delivery_id'])
    table.index(['created_at'])
  })
}

export async function down(db: Knex): Promise<void> {
  const tables = [
    'webhook_logs',
    'deliveries',
    'webhook_events',
    'webhooks',
    'product_revisions',
    'inventory',
    'languages',
    'units',
    'currencies',
    'payment_terms',
    'pricing_rules',
    'orders',
    'customers',
    'customer_groups',
    'files',
    'media',
    'properties',
    'property_groups',
    'product_groups',
    'products',
    'categories',
    'suppliers',
    'brands',
    'apps',
    'account'
  ]
  for (const table of tables) await db.schema.dropTableIfExists(table)
}
