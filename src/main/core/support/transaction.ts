import type { Knex } from 'knex'
import { operatorWriteEnded, operatorWriteStarted } from './operator-writes'

/** A write transaction plus callbacks that run only once it has committed. */
export interface UnitOfWork {
  db: Knex.Transaction
  afterCommit(callback: () => void): void
}

export interface TransactionOptions {
  /**
   * Background work (the delivery worker's group commits): not an operator write, so nothing
   * gives way to it. It calls `giveWayToOperatorWrites` (`operator-writes.ts`) first.
   */
  background?: boolean
}

export async function inTransaction<T>(
  db: Knex,
  work: (unit: UnitOfWork) => Promise<T>,
  options: TransactionOptions = {}
): Promise<T> {
  if (!options.background) operatorWriteStarted(db)
  const callbacks: Array<() => void> = []
  let result: T
  try {
    result = await db.transaction((trx) =>
      work({ db: trx, afterCommit: (callback) => callbacks.push(callback) })
    )
  } finally {
    if (!options.background) operatorWriteEnded(db)
  }
  for (const callback of callbacks) callback()
  return result
}
