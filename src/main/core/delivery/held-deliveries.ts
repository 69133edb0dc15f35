import type { EventName } from '@shared/entity-catalog'
import type { LogSummaryDto, WebhookFlowDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import { LogRepository } from '../logs/log.repository'
import { isoFromMs } from '../support/clock'
import { attemptLog, notSentRecord } from './attempt-log'
import { CONTENT_COLUMNS, contentOf, deliveryBody } from './delivery-content'
import type { DeliveryTarget } from './delivery-targets'

type Row = Record<string, unknown>

/** Held rows discarded per statement: a long hold's backlog goes in bounded steps. */
const DISCARD_CHUNK = 500

/** What a webhook's flow controls need of it to describe what waits. */
export interface FlowOwner {
  id: number
  heldSince: string | null
  ratePerSecond: number | null
  maxInFlight: number | null
}

const NOTHING_WAITS: WebhookFlowDto = { held: 0, oldestHeldAt: null, waitingForLimit: 0 }

/**
 * What waits because of each webhook's flow controls: held deliveries (count and oldest) for
 * held webhooks, due deliveries waiting their turn for limited ones. Two grouped statements over
 * the (webhook_id, status, created_at) index, whatever the number of webhooks.
 */
export async function flowOf(
  db: Db,
  webhooks: FlowOwner[],
  now: number
): Promise<Map<number, WebhookFlowDto>> {
  const flow = new Map(webhooks.map((webhook) => [webhook.id, { ...NOTHING_WAITS }]))
  const held = webhooks.filter((webhook) => webhook.heldSince !== null).map((w) => w.id)
  const limited = webhooks
    .filter((w) => w.heldSince === null && (w.ratePerSecond !== null || w.maxInFlight !== null))
    .map((w) => w.id)
  if (held.length > 0) {
    const rows: Row[] = await db('deliveries')
      .whereIn('webhook_id', held)
      .andWhere('status', 'pending')
      .groupBy('webhook_id')
      .select('webhook_id', db.raw('count(*) as n'), db.raw('min(created_at) as oldest'))
    for (const row of rows)
      Object.assign(flow.get(Number(row.webhook_id))!, {
        held: Number(row.n),
        oldestHeldAt: row.oldest == null ? null : isoFromMs(Number(row.oldest))
      })
  }
  if (limited.length > 0) {
    const rows: Row[] = await db('deliveries')
      .whereIn('webhook_id', limited)
      .andWhere('status', 'pending')
      .andWhere('next_attempt_at', '<=', now)
      .groupBy('webhook_id')
      .select('webhook_id', db.raw('count(*) as n'))
    for (const row of rows) flow.get(Number(row.webhook_id))!.waitingForLimit = Number(row.n)
  }
  return flow
}

/**
 * Drops the deliveries a held webhook has not sent: each becomes `failed` with a log entry
 * saying the operator discarded it (so the log still shows what was never sent, and any of them
 * can be redelivered from there). Runs in the caller's transaction; returns the log entries.
 */
export async function discardHeld(
  db: Db,
  target: Pick<
    DeliveryTarget,
    'id' | 'externalId' | 'name' | 'appId' | 'appExternalId' | 'appName' | 'url'
  >,
  now: number
): Promise<LogSummaryDto[]> {
  const logs = new LogRepository()
  const written: LogSummaryDto[] = []
  for (;;) {
    const rows: Row[] = await db('deliveries')
      .join('events', 'events.id', 'deliveries.event_id')
      .where('deliveries.webhook_id', target.id)
      .andWhere('deliveries.status', 'pending')
      .orderBy('deliveries.id')
      .limit(DISCARD_CHUNK)
      .select('deliveries.*', ...CONTENT_COLUMNS)
    if (rows.length === 0) return written
    await db('deliveries')
      .whereIn(
        'id',
        rows.map((row) => Number(row.id))
      )
      .update({ status: 'failed', lease_until: null, updated_at: now })
    const entries = rows.map((row) =>
      attemptLog(
        target,
        {
          deliveryId: Number(row.id),
          messageId: String(row.message_id),
          event: row.event as EventName,
          body: deliveryBody(contentOf(row), target),
          revision: contentOf(row).revision
        },
        Number(row.attempts),
        notSentRecord(
          'discarded',
          'Discarded by the operator while the webhook was on hold; it was not sent.'
        ),
        now
      )
    )
    written.push(...(await logs.insertMany(db, entries)))
  }
}
