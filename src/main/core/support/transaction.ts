import type { Knex } from 'knex'

/** A write transaction plus callbacks that run only once it has committed. */
export interface UnitOfWork {
  db: Knex.Transaction
  afterCommit(callback: () => void): void
}

export interface TransactionOptions {
  /**
   * Background work (the delivery worker's group commits): not counted as an operator write. It
   * calls `giveWayToOperatorWrites` first.
   */
  background?: boolean
}

/**
 * How long background work waits for the operator's writes to end before it takes its turn
 * anyway. With one SQLite connection a save that arrives behind a group commit waits for all of
 * it; giving way before it starts is what keeps saves from waiting for deliveries.
 */
export const BACKGROUND_MAX_WAIT_MS = 50

interface OperatorWrites {
  /** Operator transactions waiting for the connection or running. */
  active: number
  /** When the last one started (`performance.now()`). */
  lastAt: number
  /** Background work waiting for `active` to reach 0. */
  waiters: Array<() => void>
}

/** Per database handle: one SQLite connection (or one pool) is what they compete for. */
const operatorWrites = new WeakMap<Knex, OperatorWrites>()

function writesOn(db: Knex): OperatorWrites {
  let writes = operatorWrites.get(db)
  if (!writes) operatorWrites.set(db, (writes = { active: 0, lastAt: -Infinity, waiters: [] }))
  return writes
}

/**
 * Resolves once no operator write (every `inTransaction` not marked background) is waiting for
 * the connection or running, or after `BACKGROUND_MAX_WAIT_MS`, so a stream of saves cannot
 * starve delivery.
 */
export async function giveWayToOperatorWrites(db: Knex): Promise<void> {
  const writes = writesOn(db)
  if (writes.active === 0) return
  let timer: NodeJS.Timeout | undefined
  let resume: () => void = () => {}
  await new Promise<void>((resolve) => {
    resume = resolve
    writes.waiters.push(resolve)
    timer = setTimeout(resolve, BACKGROUND_MAX_WAIT_MS)
  })
  clearTimeout(timer)
  const waiting = writes.waiters.indexOf(resume)
  if (waiting >= 0) writes.waiters.splice(waiting, 1)
}

/** Whether an operator write started within the last `ms` (the operator is at work). */
export function operatorWroteWithin(db: Knex, ms: number): boolean {
  const writes = writesOn(db)
  return writes.active > 0 || performance.now() - writes.lastAt < ms
}

export async function inTransaction<T>(
  db: Knex,
  work: (unit: UnitOfWork) => Promise<T>,
  options: TransactionOptions = {}
): Promise<T> {
  const writes = writesOn(db)
  if (!options.background) {
    writes.active++
    writes.lastAt = performance.now()
  }
  const callbacks: Array<() => void> = []
  let result: T
  try {
    result = await db.transaction((trx) =>
      work({ db: trx, afterCommit: (callback) => callbacks.push(callback) })
    )
  } finally {
    if (!options.background && --writes.active === 0)
      for (const resume of writes.waiters.splice(0)) resume()
  }
  for (const callback of callbacks) callback()
  return result
}
