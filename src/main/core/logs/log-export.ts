import type { LogExportFormat, LogExportInput } from '@shared/api-contract'
import { csvRow } from '@shared/csv'
import { logWebhookLabel } from '@shared/log-webhook'
import type { Db } from '../db/knex-factory'
import { LogRepository, type LogExportRow } from './log.repository'

/** Rows per keyset page: bodies are up to 256 KiB each, so memory stays bounded by a page. */
export const EXPORT_PAGE_ROWS = 500

const COLUMNS: Array<[string, (row: LogExportRow) => string | number | null]> = [
  ['id', (row) => row.id],
  ['created_at', (row) => row.createdAt],
  ['webhook_id', (row) => row.messageId],
  ['webhook', (row) => row.webhookExternalId],
  // Named as the log screen names it: the current name, or the name it had and "(deleted)".
  ['webhook_name', (row) => logWebhookLabel(row, row.webhookCurrentName)],
  ['event', (row) => row.event],
  ['url', (row) => row.url],
  ['attempt', (row) => row.attempt],
  ['response_status', (row) => row.responseStatus],
  ['response_time_ms', (row) => row.responseTimeMs],
  ['error_class', (row) => row.errorClass],
  ['error', (row) => row.error],
  ['disabled_webhook', (row) => row.disabledWebhook],
  ['request_body', (row) => row.requestBody],
  ['response_body', (row) => row.responseBody]
]

function line(row: LogExportRow, format: LogExportFormat): string {
  const values = COLUMNS.map(([name, get]) => [name, get(row)] as const)
  if (format === 'ndjson') return `${JSON.stringify(Object.fromEntries(values))}\n`
  // Bodies and record values come from outside: csvRow neutralizes formulas (src/shared/csv.ts).
  return csvRow(values.map(([, value]) => value))
}

/**
 * The attempts an export selects, newest first, as text chunks (one per keyset page): a page is
 * read only when the consumer asks for more, so a slow file or a closed download holds at most
 * one page, and stopping the iteration (`return()`) reads nothing more.
 */
export async function* exportLogs(
  db: Db,
  input: LogExportInput,
  onProgress?: (rows: number) => void
): AsyncGenerator<string> {
  const logs = new LogRepository()
  if (input.format === 'csv') yield csvRow(COLUMNS.map(([name]) => name))
  let before: number | null = null
  let written = 0
  for (;;) {
    const rows = await logs.exportPage(db, { ...input, limit: EXPORT_PAGE_ROWS }, before)
    if (rows.length === 0) return
    written += rows.length
    yield rows.map((row) => line(row, input.format)).join('')
    onProgress?.(written)
    if (rows.length < EXPORT_PAGE_ROWS) return
    before = rows[rows.length - 1].id
  }
}
