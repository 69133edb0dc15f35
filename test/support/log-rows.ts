import type { Knex } from 'knex'
import { LogRepository, type NewLog } from '../../src/main/core/logs/log.repository'

/**
 * Delivery log rows written straight into a core's database, through the worker's own write path
 * (`LogRepository.insertMany`, so every trigger fires), with the bodies and times a search test
 * needs: hostile text, records that look alike, times out of id order, thousands of rows.
 */
export type AttemptRow = Partial<NewLog> & Pick<NewLog, 'appId' | 'webhookId'>

const repository = new LogRepository()
/** Rows per transaction: about what a busy worker's group commit writes. */
const BATCH = 200

export async function insertAttempts(db: Knex, rows: AttemptRow[]): Promise<number[]> {
  const ids: number[] = []
  for (let start = 0; start < rows.length; start += BATCH) {
    const logs = rows.slice(start, start + BATCH).map((row, index): NewLog => ({
      deliveryId: null,
      messageId: `msg_search${start + index}_${Math.random().toString(36).slice(2, 10)}`,
      webhookExternalId: 'web_search',
      event: 'product.updated',
      url: 'https://receiver.example.com/hook',
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: '{}',
      responseStatus: 200,
      responseBody: 'ok',
      responseBodyTruncated: false,
      responseTimeMs: 12,
      errorClass: null,
      error: null,
      attempt: 1,
      revision: null,
      createdAt: Date.parse('2026-11-01T10:00:00Z'),
      ...row
    }))
    const saved = await db.transaction((trx) => repository.insertMany(trx, logs))
    ids.push(...saved.map((log) => log.id))
  }
  return ids
}

export interface DeliveryRow {
  appId: number
  webhookId: number
  messageId: string
  status?: 'pending' | 'succeeded' | 'failed'
  attempts?: number
  createdAt?: number
}

function deliveryColumns(row: DeliveryRow): Record<string, unknown> {
  const createdAt = row.createdAt ?? Date.parse('2026-11-01T10:00:00Z')
  return {
    message_id: row.messageId,
    webhook_id: row.webhookId,
    app_id: row.appId,
    event: 'product.updated',
    status: row.status ?? 'succeeded',
    attempts: row.attempts ?? 1,
    next_attempt_at: createdAt,
    created_at: createdAt,
    updated_at: createdAt
  }
}

/**
 * Outbox rows as the subscriber writes them, one statement per chunk, without event content
 * (none of them is ever sent: they are finished, or their webhook is inactive); ids in order.
 */
export async function insertDeliveries(db: Knex, rows: DeliveryRow[]): Promise<number[]> {
  const ids: number[] = []
  for (let start = 0; start < rows.length; start += BATCH) {
    const saved: Array<{ id: number }> = await db('deliveries')
      .insert(rows.slice(start, start + BATCH).map(deliveryColumns))
      .returning('id')
    ids.push(...saved.map((row) => Number(row.id)))
  }
  return ids
}
