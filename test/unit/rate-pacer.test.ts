import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RatePacer } from '../../src/main/core/delivery/rate-pacer'

interface Row {
  webhook: number
  name: string
}

describe('RatePacer', () => {
  let sent: Array<{ name: string; at: number }>
  let pacer: RatePacer<Row>
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000 })
    sent = []
    pacer = new RatePacer<Row>(
      (row) => row.webhook,
      (row) => sent.push({ name: row.name, at: Date.now() }),
      () => Date.now()
    )
  })
  afterEach(() => vi.useRealTimers())

  it('sends each row at its slot, in order, one spacing apart', () => {
    pacer.add({ webhook: 1, name: 'a' }, 1_000, 100)
    pacer.add({ webhook: 1, name: 'b' }, 1_100, 100)
    pacer.add({ webhook: 1, name: 'c' }, 1_200, 100)
    expect(sent).toEqual([{ name: 'a', at: 1_000 }])
    vi.advanceTimersByTime(250)
    expect(sent).toEqual([
      { name: 'a', at: 1_000 },
      { name: 'b', at: 1_100 },
      { name: 'c', at: 1_200 }
    ])
    expect(pacer.size).toBe(0)
  })

  it('keeps the spacing from the last actual send when a send was late', () => {
    pacer.add({ webhook: 1, name: 'a' }, 1_000, 100)
    // A busy event loop: the next rows are handed over late, their slots already past.
    vi.setSystemTime(1_180)
    pacer.add({ webhook: 1, name: 'b' }, 1_100, 100)
    pacer.add({ webhook: 1, name: 'c' }, 1_200, 100)
    expect(sent.map((s) => s.name)).toEqual(['a', 'b'])
    vi.advanceTimersByTime(99)
    expect(sent.map((s) => s.name)).toEqual(['a', 'b'])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([
      { name: 'a', at: 1_000 },
      { name: 'b', at: 1_180 },
      { name: 'c', at: 1_280 }
    ])
  })

  it('paces webhooks independently and gives back what waits', () => {
    pacer.add({ webhook: 1, name: 'a1' }, 1_000, 500)
    pacer.add({ webhook: 1, name: 'a2' }, 1_500, 500)
    pacer.add({ webhook: 2, name: 'b1' }, 1_000, 500)
    pacer.add({ webhook: 2, name: 'b2' }, 1_500, 500)
    expect(sent.map((s) => s.name)).toEqual(['a1', 'b1'])
    expect(pacer.take((row) => row.webhook === 1)).toEqual([{ webhook: 1, name: 'a2' }])
    vi.advanceTimersByTime(1_000)
    expect(sent.map((s) => s.name)).toEqual(['a1', 'b1', 'b2'])
    expect(pacer.size).toBe(0)
  })
})
