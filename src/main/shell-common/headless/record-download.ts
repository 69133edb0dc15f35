import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { RECORD_EXPORT_TICKET_PATH } from '@shared/http-routes'
import {
  RECORD_EXPORT_MEDIA_TYPES,
  recordExportFileName,
  type RecordExportInput,
  type RecordExportTicket
} from '@shared/record-export'
import { toErrorBody } from '../../core/api/api-dispatcher'
import type { PimCore } from '../../core/pim-core'
import { ExportTickets } from './log-download'
import type { RequestTarget } from './request-target'
import { sendError, sendJson } from './responses'

/**
 * The headless shell's record export, as the delivery log's (`log-download.ts`): `POST
 * /api/records/export/ticket` with the token checks the list's type, search and format and
 * answers a single-use 30-second ticket with the count; `GET /api/records/export?ticket=`
 * streams the file. A browser's download cannot send the Authorization header and the token
 * never sits in a URL.
 */
export class RecordDownloads {
  private readonly tickets = new ExportTickets<RecordExportInput>()

  constructor(private readonly recordExport: PimCore['recordExport']) {}

  /** The ticket route, after the token and the JSON body have been checked. */
  async issue(res: ServerResponse, body: unknown): Promise<void> {
    try {
      const { input, total } = await this.recordExport.prepareExport(body)
      const data: RecordExportTicket = {
        ...this.tickets.issue(input),
        total,
        fileName: recordExportFileName(input.type, input.format)
      }
      sendJson(res, 200, { ok: true, data })
    } catch (error) {
      sendError(res, toErrorBody(error))
    }
  }

  /**
   * The download route, before any token check: the ticket is the credential. `refuse` is the
   * server's own answer to a failed credential (401, then 429 once failures pile up).
   */
  download(res: ServerResponse, target: RequestTarget, refuse: (message: string) => void): void {
    if (target.query.has('token'))
      return sendError(res, {
        code: 'unauthorized',
        message: `A download takes a ticket from POST ${RECORD_EXPORT_TICKET_PATH}, not the token`
      })
    const input = this.tickets.redeem(target.query.get('ticket'))
    if (!input) return refuse('Missing, expired or already used export ticket')
    void this.send(res, input)
  }

  /**
   * `pipeline` waits for the socket between pages and a closed connection (a cancelled
   * download) ends the core's generator, so no further page is read; the readable holds one
   * chunk, not `Readable.from`'s default 16.
   */
  private async send(res: ServerResponse, input: RecordExportInput): Promise<void> {
    res.writeHead(200, {
      'content-type':
        input.format === 'csv'
          ? `${RECORD_EXPORT_MEDIA_TYPES.csv}; charset=utf-8`
          : RECORD_EXPORT_MEDIA_TYPES.xlsx,
      'content-disposition': `attachment; filename="${recordExportFileName(input.type, input.format)}"`,
      'cache-control': 'no-store'
    })
    try {
      const chunks = this.recordExport.exportChunks(input)
      await pipeline(Readable.from(chunks, { highWaterMark: 1, objectMode: true }), res)
    } catch (error) {
      // A cancelled download closes the socket first; anything else is a real failure.
      if (!res.destroyed || res.writableFinished) console.error('Record export failed:', error)
      res.destroy()
    }
  }
}
