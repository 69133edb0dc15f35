import { createHash, randomBytes } from 'node:crypto'

export const TICKET_TTL_MS = 30_000
/** More unredeemed tickets than a page could ever need; the oldest go first beyond that. */
const MAX_OUTSTANDING = 64

export interface IssuedTicket {
  ticket: string
  expiresInMs: number
}

const digest = (ticket: string): string => createHash('sha256').update(ticket).digest('hex')

/**
 * Short-lived, single-use tickets for `GET /api/events`: EventSource cannot send an
 * Authorization header, and the long-lived token must not sit in a URL (server logs, proxies,
 * browser history). Only digests are kept, so the lookup reveals nothing through timing.
 */
export class EventTickets {
  private readonly expiries = new Map<string, number>()

  constructor(
    private readonly ttlMs = TICKET_TTL_MS,
    private readonly now: () => number = Date.now
  ) {}

  issue(): IssuedTicket {
    this.sweep()
    const ticket = randomBytes(32).toString('base64url')
    this.expiries.set(digest(ticket), this.now() + this.ttlMs)
    while (this.expiries.size > MAX_OUTSTANDING) {
      const oldest = this.expiries.keys().next().value
      if (oldest === undefined) break
      this.expiries.delete(oldest)
    }
    return { ticket, expiresInMs: this.ttlMs }
  }

  /** True once per issued ticket, and only before it expires. */
  redeem(ticket: string | null): boolean {
    if (!ticket) return false
    const key = digest(ticket)
    const expiresAt = this.expiries.get(key)
    this.expiries.delete(key)
    return expiresAt !== undefined && this.now() < expiresAt
  }

  private sweep(): void {
    const now = this.now()
    for (const [key, expiresAt] of this.expiries) if (now >= expiresAt) this.expiries.delete(key)
  }
}
