import type { Knex } from 'knex'
import { join } from 'node:path'
import { DATABASE_FILE } from '../core/pim-core'
import { createKnex } from '../core/db/knex-factory'
import { migrateToLatest } from '../core/db/migrate'
import { lockDataDir } from '../core/support/data-dir-lock'
import { isSealed } from '../core/support/secret-box'
import { storedHeaders } from '../core/delivery/stored-headers'

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters for our widest table. */
const CHUNK = 500
/** knex's own bookkeeping: the target gets its migrations by running them, not by copying. */
const SKIPPED_TABLES = new Set(['knex_migrations', 'knex_migrations_lock'])

export interface CopyReport {
  /** Rows copied per table, in copy order; each equals the source count (checked). */
  tables: Array<{ table: string; rows: number }>
}

/**
 * Copies a SQLite catalog (the data folder of a desktop or headless install) into an empty
 * PostgreSQL database: both are migrated to the same latest schema, then every table is copied
 * in foreign-key order inside one PostgreSQL transaction (all or nothing), ids kept, sequences
 * moved past them, and every table's row count compared. The source is locked meanwhile, so the
 * app cannot write to it during the copy.
 */
export async function copySqliteToPostgres(
  dataDir: string,
  targetUrl: string,
  log: (line: string) => void = () => {}
): Promise<CopyReport> {
  const releaseLock = lockDataDir(dataDir)
  const source = createKnex(join(dataDir, DATABASE_FILE))
  const target = createKnex(targetUrl)
  try {
    await migrateToLatest(source)
    await refuseSealedSecrets(source)
    await migrateToLatest(target)
    const tables = await copyOrder(source)
    await refuseNonEmptyTarget(target, tables)
    const report: CopyReport = { tables: [] }
    await target.transaction(async (trx) => {
      for (const table of tables) {
        // The rollup trigger would count copied log rows a second time: rollups are copied too.
        await trx.raw('ALTER TABLE ?? DISABLE TRIGGER USER', [table])
        const rows = await copyTable(source, trx, table)
        await trx.raw('ALTER TABLE ?? ENABLE TRIGGER USER', [table])
        await moveSequencePastIds(trx, table)
        report.tables.push({ table, rows })
        log(`${table}: ${rows} rows`)
      }
      for (const { table, rows } of report.tables) {
        const [{ count }] = await trx(table).count({ count: '*' })
        if (Number(count) !== rows)
          throw new Error(`${table}: copied ${rows} rows but the target holds ${count}`)
      }
      if (await dropDesktopGuardChoice(trx))
        log('delivery settings: the private-network guard follows the team default (on)')
    })
    return report
  } finally {
    await Promise.allSettled([source.destroy(), target.destroy()])
    releaseLock()
  }
}

/**
 * A desktop's private-network guard setting (off is its default there, and saving the delivery
 * form stores it) is not a decision for a server, whose network every team member's webhooks
 * would reach: the copy forgets it, so team mode's default (on) applies until an operator
 * chooses otherwise in Settings. True when there was one to forget.
 */
async function dropDesktopGuardChoice(trx: Knex.Transaction): Promise<boolean> {
  const row = await trx('settings').where({ key: 'delivery' }).first()
  if (!row) return false
  let stored: Record<string, unknown>
  try {
    stored = JSON.parse(String(row.value)) as Record<string, unknown>
  } catch {
    return false // unreadable settings fall back to the defaults anyway
  }
  if (!('blockPrivateNetworks' in stored)) return false
  delete stored.blockPrivateNetworks
  await trx('settings')
    .where({ key: 'delivery' })
    .update({ value: JSON.stringify(stored) })
  return true
}

/**
 * The desktop app seals webhook secrets with the OS keychain of the computer it runs on; no other
 * process can open them, so workers on the server could not sign with them.
 */
async function refuseSealedSecrets(source: Knex): Promise<void> {
  const rows: Array<{ secret: string; previous_secret: string | null; headers: string | null }> =
    await source('webhooks').select('secret', 'previous_secret', 'headers')
  // Secret custom header values are sealed the same way, and sent by the same workers.
  const sealed = rows.filter(
    (row) =>
      isSealed(row.secret) ||
      (row.previous_secret !== null && isSealed(row.previous_secret)) ||
      storedHeaders(row.headers).some((header) => header.secret && isSealed(header.value))
  ).length
  if (sealed > 0)
    throw new Error(
      `${sealed} webhook secret(s) are sealed by this computer's keychain (the desktop app does ` +
        'that), and the server cannot open them. Copy the data folder of a headless install ' +
        '(npm run serve), or give those webhooks new secrets there first.'
    )
}

async function refuseNonEmptyTarget(target: Knex, tables: string[]): Promise<void> {
  for (const table of tables) {
    const [{ count }] = await target(table).count({ count: '*' })
    if (Number(count) > 0)
      throw new Error(
        `the target database is not empty (${table} has ${count} rows): copy into a new, empty ` +
          'database, so nothing there is overwritten or mixed'
      )
  }
}

/**
 * Every table of the source, parents before the tables whose foreign keys point at them. Only
 * ordinary tables: the log's FTS5 search index (a virtual table and its shadow tables) is
 * SQLite's own; PostgreSQL's migration gives the target its own index.
 */
async function copyOrder(source: Knex): Promise<string[]> {
  const names: string[] = (
    await source
      .from(source.raw('pragma_table_list'))
      .where({ schema: 'main', type: 'table' })
      .andWhereNot('name', 'like', 'sqlite_%')
      .pluck('name')
  ).filter((name: string) => !SKIPPED_TABLES.has(name))
  const parents = new Map<string, string[]>()
  for (const name of names) {
    const keys: Array<{ table: string }> = await source.raw(
      'SELECT * FROM pragma_foreign_key_list(?)',
      [name]
    )
    parents.set(
      name,
      keys.map((key) => key.table).filter((parent) => parent !== name)
    )
  }
  const ordered: string[] = []
  const visit = (name: string, path: string[]): void => {
    if (ordered.includes(name)) return
    if (path.includes(name))
      throw new Error(`foreign keys form a cycle: ${[...path, name].join(' -> ')}`)
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name])
    ordered.push(name)
  }
  for (const name of names.sort()) visit(name, [])
  return ordered
}

async function copyTable(source: Knex, target: Knex.Transaction, table: string): Promise<number> {
  const booleans = new Set<string>(
    await target('information_schema.columns')
      .where({ table_schema: 'public', table_name: table, data_type: 'boolean' })
      .pluck('column_name')
  )
  const hasId = await source.schema.hasColumn(table, 'id')
  // Tables without an id (some WITHOUT ROWID) are paged in the order of all their columns.
  const columns: string[] = hasId
    ? []
    : (await source.raw('SELECT name FROM pragma_table_info(?)', [table])).map(
        (column: { name: string }) => column.name
      )
  let copied = 0
  let lastId = -Infinity
  for (let offset = 0; ; offset += CHUNK) {
    // Keyset by id where there is one, so a large log is read in order without OFFSET scans.
    const rows: Array<Record<string, unknown>> = hasId
      ? await source(table).where('id', '>', lastId).orderBy('id').limit(CHUNK)
      : await source(table).orderBy(columns).limit(CHUNK).offset(offset)
    if (rows.length === 0) return copied
    // SQLite keeps booleans as 0/1; PostgreSQL wants true/false.
    const converted = booleans.size
      ? rows.map((row) => {
          const copy = { ...row }
          for (const column of booleans)
            if (copy[column] !== null) copy[column] = Boolean(copy[column])
          return copy
        })
      : rows
    await target(table).insert(converted)
    copied += rows.length
    if (hasId) lastId = Number(rows[rows.length - 1].id)
  }
}

/** Ids were copied as they were: new rows must be numbered after them. */
async function moveSequencePastIds(target: Knex.Transaction, table: string): Promise<void> {
  if (!(await target.schema.hasColumn(table, 'id'))) return
  const { rows } = (await target.raw('SELECT pg_get_serial_sequence(?, ?) AS sequence', [
    table,
    'id'
  ])) as { rows: Array<{ sequence: string | null }> }
  const sequence = rows[0]?.sequence
  if (!sequence) return
  await target.raw(
    `SELECT setval(?, COALESCE((SELECT MAX(id) FROM ??), 1), (SELECT MAX(id) FROM ??) IS NOT NULL)`,
    [sequence, table, table]
  )
}
