import type { Knex } from 'knex'

/** A write transaction plus callbacks that run only once it has committed. */
export interface UnitOfWork {
  db: Knex.Transaction
  afterCommit(callback: () => void): void
}

export async function inTransaction<T>(
  db: Knex,
  work: (unit: UnitOfWork) => Promise<T>
): Promise<T> {
  const callbacks: Array<() => void> = []
  const result = await db.transaction((trx) =>
    work({ db: trx, afterCommit: (callback) => callbacks.push(callback) })
  )
  for (const callback of callbacks) callback()
  return result
}
