import type { AccountDto, LogSummaryDto, PayloadRevision } from '@shared/dto'
import { eventName, type RecordType } from '@shared/entity-catalog'
import { appJson, payloadParts, payloadTimestamp } from '@shared/payload-format'
import type { Db } from '../db/knex-factory'
import type { SerializedEntity } from '../entities/entity-serializer'
import { attemptLog, notSentRecord } from '../delivery/attempt-log'
import { deliveryBody } from '../delivery/delivery-content'
import { orderKeyOf } from '../delivery/fan-out'
import { OutboxRepository, type NewDelivery } from '../delivery/outbox.repository'
import { LogRepository } from '../logs/log.repository'
import { externalId } from '../support/ids'
import type { BackfillWebhook } from './backfill-webhook'

/** What every row of one feeding pass shares. */
export interface FeedContext {
  backfill: { id: number; externalId: string; startedAtMs: number }
  webhook: BackfillWebhook
  account: AccountDto
  now: number
  maxPayloadBytes: number
}

const outbox = new OutboxRepository()
const logs = new LogRepository()

/**
 * A product body carries a revision (the contract requires one on `product.*`). A backfill
 * changes nothing, so its revision says `updated` with no changes, by the account's operator at
 * the time the record was read.
 */
function revisionOf(type: RecordType, context: FeedContext): PayloadRevision | null {
  if (type !== 'product') return null
  return {
    action: 'updated',
    user_name: context.account.operatorName,
    timestamp: payloadTimestamp(context.now),
    changes: []
  }
}

/**
 * Turns records into this webhook's outbox rows, inside the feeding transaction: per record its
 * event content (the body from `payloadParts` with the backfill marker, event `<type>.updated`)
 * and one row marked with the backfill. Answers the log entries of bodies over the size limit,
 * which are stored failed and never sent, as a live save's would be.
 */
export async function queueRecords(
  db: Db,
  type: RecordType,
  entities: SerializedEntity[],
  context: FeedContext
): Promise<LogSummaryDto[]> {
  const { webhook, backfill } = context
  const name = eventName(type, 'updated')
  const app = appJson({ externalId: webhook.appExternalId, name: webhook.appName })
  const apps = { [webhook.appId]: app }
  const revision = revisionOf(type, context)
  const marker = { id: backfill.externalId, started_at: payloadTimestamp(backfill.startedAtMs) }
  const built = entities.map((entity) => {
    const parts = payloadParts({
      event: name,
      occurredAt: context.now,
      account: context.account,
      entity,
      revision,
      backfill: marker
    })
    const body = deliveryBody({ ...parts, apps, revision }, webhook)
    return { parts, body, recordKey: orderKeyOf(type, entity.id) }
  })
  // One statement for the chunk's events: the feeder shares the one SQLite connection with the
  // worker, so statements, not rows, are what a pass costs.
  const inserted = (await db('events')
    .insert(
      built.map(({ parts, recordKey }) => ({
        name,
        body_head: parts.head,
        body_tail: parts.tail,
        apps: JSON.stringify(apps),
        revision: revision ? JSON.stringify(revision) : null,
        occurred_at: context.now,
        created_at: context.now,
        fan_out: null,
        record_key: recordKey
      }))
    )
    .returning(['id', 'record_key'])) as Array<{ id: number; record_key: string }>
  // RETURNING's order is not promised: match by record (each record once per chunk).
  const eventIds = new Map(inserted.map((row) => [row.record_key, Number(row.id)]))
  const rows: NewDelivery[] = []
  const refused: LogSummaryDto[] = []
  for (const { body, recordKey } of built) {
    const row: NewDelivery = {
      messageId: externalId('msg'),
      webhookId: webhook.id,
      appId: webhook.appId,
      event: name,
      eventId: eventIds.get(recordKey)!,
      orderKey: webhook.ordered ? recordKey : null,
      backfillId: backfill.id
    }
    if (Buffer.byteLength(body) <= context.maxPayloadBytes) rows.push(row)
    else refused.push(await refuse(db, row, body, context))
  }
  await outbox.insertMany(db, rows, context.now)
  return refused
}

/** A body over the limit: a failed row and the log entry that says why, never sent. */
async function refuse(
  db: Db,
  row: NewDelivery,
  body: string,
  context: FeedContext
): Promise<LogSummaryDto> {
  const deliveryId = await outbox.insert(db, row, context.now, 'failed')
  const limitKiB = Math.floor(context.maxPayloadBytes / 1024)
  const record = notSentRecord(
    'too_large',
    `Payload is ${Math.ceil(Buffer.byteLength(body) / 1024)} KiB, over the ${limitKiB} KiB ` +
      'limit receivers are promised; it was not sent.'
  )
  return logs.insert(
    db,
    attemptLog(
      context.webhook,
      { ...row, deliveryId, body, revision: null },
      0,
      record,
      context.now
    )
  )
}
