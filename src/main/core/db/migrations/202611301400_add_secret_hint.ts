import type { Knex } from 'knex'

/**
 * Lists show a hint of each secret (its last four characters) instead of the secret itself, and secrets may
 * now be sealed at rest, so the hint is stored beside them: a list never has to open a secret.
 * Existing (plain) secrets get their hint here.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('webhooks', (table) => {
    table.string('secret_hint', 32).notNullable().defaultTo('')
  })
  const rows: Array<{ id: number; secret: string }> = await db('webhooks').select('id', 'secret')
  for (const row of rows)
    await db('webhooks')
      .where({ id: row.id })
      .update({ secret_hint: row.secret.slice(-4) })
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('webhooks', (table) => {
    table.dropColumn('secret_hint')
  })
}
