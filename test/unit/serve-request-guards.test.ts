import { describe, expect, it } from 'vitest'
import { AuthThrottle } from '../../src/main/shell-common/headless/auth-throttle'
import { EventTickets } from '../../src/main/shell-common/headless/event-tickets'
import { parseRequestTarget } from '../../src/main/shell-common/headless/request-target'

describe('parseRequestTarget', () => {
  it('splits and decodes an ordinary path and query', () => {
    const target = parseRequestTarget('/api/apps.list?ticket=a%2Bb&x=1')
    expect(target?.pathname).toBe('/api/apps.list')
    expect(target?.query.get('ticket')).toBe('a+b')
    expect(parseRequestTarget('/webhooks/%C3%A9t%C3%A9')?.pathname).toBe('/webhooks/été')
  })

  it('keeps //host/path a path instead of reading it as another host', () => {
    expect(parseRequestTarget('//evil.example/api/apps.list')?.pathname).toBe(
      '//evil.example/api/apps.list'
    )
  })

  it.each([
    '/%E0%A4%A',
    '/api/%E0%A4%A',
    '/api/apps.list%',
    '/%ZZ',
    '/a%00b',
    'http://x/',
    '*',
    ''
  ])('refuses %j', (raw) => {
    expect(parseRequestTarget(raw)).toBeNull()
  })

  it('refuses a missing target', () => {
    expect(parseRequestTarget(undefined)).toBeNull()
  })
})

describe('AuthThrottle', () => {
  it('lets `limit` failures through per window, then gives the seconds until one more would', () => {
    let now = 1_000_000
    const throttle = new AuthThrottle({ limit: 3, windowMs: 60_000, now: () => now })
    expect([throttle.recordFailure(), throttle.recordFailure()]).toEqual([null, null])
    now += 20_000
    expect(throttle.recordFailure()).toBeNull()
    expect(throttle.recordFailure()).toBe(40) // the first failure leaves the window in 40 s
    // Still failing: a 401 needs fewer than 3 failures in the last minute, which the two at
    // +20 s keep from happening until +80 s.
    now += 39_000
    expect(throttle.recordFailure()).toBe(21)
    now += 1_000
    expect(throttle.recordFailure()).toBe(20)
  })

  it('forgets failures older than the window', () => {
    let now = 0
    const throttle = new AuthThrottle({ limit: 2, windowMs: 10_000, now: () => now })
    throttle.recordFailure()
    throttle.recordFailure()
    expect(throttle.recordFailure()).not.toBeNull()
    now += 10_000
    expect(throttle.recordFailure()).toBeNull()
  })
})

describe('EventTickets', () => {
  it('redeems each ticket once', () => {
    const tickets = new EventTickets()
    const { ticket, expiresInMs } = tickets.issue()
    expect(expiresInMs).toBe(30_000)
    expect(ticket).toMatch(/^[\w-]{43}$/)
    expect(tickets.redeem(ticket)).toBe(true)
    expect(tickets.redeem(ticket)).toBe(false)
  })

  it('refuses unknown, empty and expired tickets', () => {
    let now = 0
    const tickets = new EventTickets(30_000, () => now)
    expect(tickets.redeem(null)).toBe(false)
    expect(tickets.redeem('')).toBe(false)
    expect(tickets.redeem('made-up')).toBe(false)
    const { ticket } = tickets.issue()
    now += 30_000
    expect(tickets.redeem(ticket)).toBe(false)
    const fresh = tickets.issue().ticket
    now += 29_999
    expect(tickets.redeem(fresh)).toBe(true)
  })

  it('keeps a bounded number of unredeemed tickets, dropping the oldest', () => {
    const tickets = new EventTickets()
    const first = tickets.issue().ticket
    for (let index = 0; index < 64; index++) tickets.issue()
    expect(tickets.redeem(first)).toBe(false)
    expect(tickets.redeem(tickets.issue().ticket)).toBe(true)
  })
})
