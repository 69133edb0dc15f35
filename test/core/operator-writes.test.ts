import knex from 'knex'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  BACKGROUND_MAX_WAIT_MS,
  giveWayToOperatorWrites,
  operatorWriteEnded,
  operatorWriteStarted,
  operatorWroteWithin
} from '../../src/main/core/support/operator-writes'

/** Whether the background turn came yet, checked after letting due timers and promises run. */
async function settled(turn: Promise<void>, advanceMs = 0): Promise<boolean> {
  let done = false
  void turn.then(() => (done = true))
  await vi.advanceTimersByTimeAsync(advanceMs)
  return done
}

describe('background work gives way to the operator writes', () => {
  // A handle is only a key here: the writes are tracked per database handle.
  const db = knex({
    client: 'sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true
  })
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('goes at once when nobody writes, and waits for a write under way to end', async () => {
    expect(await settled(giveWayToOperatorWrites(db, true))).toBe(true)
    vi.advanceTimersByTime(1_000) // the next write is not part of a burst
    operatorWriteStarted(db)
    expect(operatorWroteWithin(db, 10)).toBe(true)
    const turn = giveWayToOperatorWrites(db, true)
    expect(await settled(turn, 10)).toBe(false)
    operatorWriteEnded(db)
    // A single write: no quiet gap to wait for.
    expect(await settled(turn)).toBe(true)
  })

  it('in a burst of writes, waits for a quiet gap after the last one', async () => {
    vi.advanceTimersByTime(1_000)
    for (let n = 0; n < 2; n++) {
      operatorWriteStarted(db)
      vi.advanceTimersByTime(5)
      operatorWriteEnded(db)
    }
    const turn = giveWayToOperatorWrites(db, true)
    expect(await settled(turn, 5)).toBe(false)
    // The next write of the burst arrives in the gap: it goes first.
    operatorWriteStarted(db)
    expect(await settled(turn, 5)).toBe(false)
    operatorWriteEnded(db)
    expect(await settled(turn, 5)).toBe(false)
    expect(await settled(turn, 15)).toBe(true)
    // Without a backlog the worker does not wait for a gap: a save's deliveries leave at once.
    operatorWriteStarted(db)
    operatorWriteEnded(db)
    expect(await settled(giveWayToOperatorWrites(db, false))).toBe(true)
  })

  it('never waits longer than the bound, however long the writes go on', async () => {
    vi.advanceTimersByTime(1_000)
    operatorWriteStarted(db)
    const turn = giveWayToOperatorWrites(db, true)
    expect(await settled(turn, BACKGROUND_MAX_WAIT_MS - 1)).toBe(false)
    expect(await settled(turn, 1)).toBe(true)
    operatorWriteEnded(db)
    vi.advanceTimersByTime(2_000)
    expect(operatorWroteWithin(db, 1_000)).toBe(false)
  })
})
