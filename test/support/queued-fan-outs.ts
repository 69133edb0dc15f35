import type { Knex } from 'knex'
import { queueFanOuts } from '../../src/main/core/delivery/queued-fan-outs'

/**
 * Writes the outbox rows of saved events, as the worker's next group commit would: for tests of
 * the outbox with the worker off.
 */
export async function queueSavedFanOuts(db: Knex): Promise<void> {
  for (;;) {
    const pass = await db.transaction((trx) => queueFanOuts(trx, Date.now()))
    if (!pass.more) return
  }
}

/** Deliveries a save queued: outbox rows, plus those its event still waits to have written. */
export async function queuedDeliveries(db: Knex): Promise<number> {
  const [{ n }] = await db('deliveries').count({ n: '*' })
  const waiting: Array<{ fan_out: string }> = await db('events')
    .whereNotNull('fan_out')
    .select('fan_out')
  return Number(n) + waiting.reduce((sum, row) => sum + JSON.parse(row.fan_out).length, 0)
}
