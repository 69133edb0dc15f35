import type { Knex } from 'knex'

/**
 * The operator's writes (saves, settings, webhook changes: every `inTransaction` not marked
 * background) and the delivery worker's group commits, which give way to them. With one SQLite
 * connection a save that arrives behind a group commit waits for all of it, so the worker starts
 * one only when no operator write waits or runs — and, when it has a backlog to work through
 * while writes come one after another (a script, an import, an operator saving in a row), only
 * after a short quiet gap, since the next write is usually on its way. It never waits longer
 * than `BACKGROUND_MAX_WAIT_MS`, so a stream of saves cannot starve delivery; an idle worker
 * does not wait for a gap, so a save's deliveries leave at once.
 */

/** The longest a group commit waits for the operator's writes before it takes its turn. */
export const BACKGROUND_MAX_WAIT_MS = 50
/** Two writes that start closer than this are a burst. */
const BURST_GAP_MS = 100
/** In a burst, how long after a write ended the next one is waited for. */
const QUIET_MS = 15

interface OperatorWrites {
  /** Waiting for the connection or running. */
  active: number
  /** When the last two started and the last one ended (`performance.now()`). */
  startedAt: number
  previousStartedAt: number
  endedAt: number
  /** Background work waiting for the writes to end. */
  waiters: Set<() => void>
}

/** Per database handle: one SQLite connection (or one pool) is what they compete for. */
const byDatabase = new WeakMap<Knex, OperatorWrites>()

function writesOn(db: Knex): OperatorWrites {
  let writes = byDatabase.get(db)
  if (!writes) {
    writes = {
      active: 0,
      startedAt: -Infinity,
      previousStartedAt: -Infinity,
      endedAt: -Infinity,
      waiters: new Set()
    }
    byDatabase.set(db, writes)
  }
  return writes
}

export function operatorWriteStarted(db: Knex): void {
  const writes = writesOn(db)
  writes.active++
  writes.previousStartedAt = writes.startedAt
  writes.startedAt = performance.now()
}

export function operatorWriteEnded(db: Knex): void {
  const writes = writesOn(db)
  writes.endedAt = performance.now()
  if (--writes.active > 0) return
  for (const resume of writes.waiters) resume()
  writes.waiters.clear()
}

/** Until the writes end (or `ms` pass). */
function pause(writes: OperatorWrites, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms))
    function done(): void {
      clearTimeout(timer)
      writes.waiters.delete(done)
      resolve()
    }
    writes.waiters.add(done)
  })
}

/**
 * Resolves when background work may start a transaction (see the module comment); `backlog`:
 * it is working through a backlog, so a burst's quiet gap is worth waiting for.
 */
export async function giveWayToOperatorWrites(db: Knex, backlog: boolean): Promise<void> {
  const writes = writesOn(db)
  const deadline = performance.now() + BACKGROUND_MAX_WAIT_MS
  for (;;) {
    const now = performance.now()
    if (now >= deadline) return
    if (writes.active > 0) {
      await pause(writes, deadline - now)
      continue
    }
    const inBurst = backlog && writes.startedAt - writes.previousStartedAt < BURST_GAP_MS
    const quietAt = inBurst ? writes.endedAt + QUIET_MS : now
    if (now >= quietAt) return
    await pause(writes, Math.min(quietAt, deadline) - now)
  }
}

/** Whether an operator write is under way or started within the last `ms`. */
export function operatorWroteWithin(db: Knex, ms: number): boolean {
  const writes = writesOn(db)
  return writes.active > 0 || performance.now() - writes.startedAt < ms
}
