import { createHash, randomBytes } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { LogExportInput } from '@shared/api-contract'
import { logExportFileName } from '@shared/log-export'
import type { PimCore } from '../../core/pim-core'
import { TICKET_TTL_MS } from './event-tickets'

const MAX_OUTSTANDING = 16

const digest = (ticket: string): string => createHash('sha256').update(ticket).digest('hex')

/**
 * Single-use, 30-second tickets for `GET /api/export`, each bound to the export it was issued
 * for: a browser download (`<a href>`) cannot send the Authorization header, and the long-lived
 * token must never sit in a URL. Only digests are kept.
 */
export class ExportTickets<Input = LogExportInput> {
  private readonly issued = new Map<string, { expiresAt: number; input: Input }>()

  constructor(private readonly now: () => number = Date.now) {}

  issue(input: Input): { ticket: string; expiresInMs: number } {
    const now = this.now()
    for (const [key, entry] of this.issued) if (now >= entry.expiresAt) this.issued.delete(key)
    const ticket = randomBytes(32).toString('base64url')
    this.issued.set(digest(ticket), { expiresAt: now + TICKET_TTL_MS, input })
    while (this.issued.size > MAX_OUTSTANDING)
      this.issued.delete(this.issued.keys().next().value as string)
    return { ticket, expiresInMs: TICKET_TTL_MS }
  }

  /** The export a ticket was issued for, once, before it expires; null otherwise. */
  redeem(ticket: string | null): Input | null {
    if (!ticket) return null
    const key = digest(ticket)
    const entry = this.issued.get(key)
    this.issued.delete(key)
    return entry && this.now() < entry.expiresAt ? entry.input : null
  }
}

/**
 * Streams an export as a download. `pipeline` waits for the socket between pages, and a closed
 * connection (a cancelled download) ends the core's generator, so no further page is read.
 * The readable buffers one page, not `Readable.from`'s default 16: under a slow client the
 * shell holds about a page in memory beside what the socket buffers.
 */
export async function sendLogExport(
  res: ServerResponse,
  logExport: PimCore['logExport'],
  input: LogExportInput
): Promise<void> {
  res.writeHead(200, {
    'content-type':
      input.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    'content-disposition': `attachment; filename="${logExportFileName(input.appId, input.format)}"`,
    'cache-control': 'no-store'
  })
  try {
    await pipeline(Readable.from(logExport.exportChunks(input), { highWaterMark: 1 }), res)
  } catch (error) {
    // A cancelled download closes the socket first; anything else is a real failure.
    if (!res.destroyed || res.writableFinished) console.error('Log export failed:', error)
    res.destroy()
  }
}
