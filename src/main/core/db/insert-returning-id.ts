import type { Knex } from 'knex'

/**
 * Inserts one row and answers its id, on SQLite and PostgreSQL alike: knex answers a bare insert
 * with the last rowid on SQLite but with nothing on PostgreSQL, so ask for `RETURNING id`.
 */
export async function insertReturningId(
  table: Knex.QueryBuilder,
  row: Record<string, unknown>
): Promise<number> {
  const [inserted] = (await table.insert(row).returning('id')) as Array<{ id: number } | number>
  return Number(typeof inserted === 'object' ? inserted.id : inserted)
}
