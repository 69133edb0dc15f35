import type { Knex } from 'knex'
import type { ShellProcess } from '../../test/support/shell-process'

export interface GeneratedLogOptions {
  appId: number
  /** The webhooks the rows take turns on (row n belongs to webhook n % count). */
  webhooks: Array<{ id: number; externalId: string }>
  rows: number
  /** Row n was created `(rows - n) * spacingMs` before `now`: the newest row is at `now`. */
  spacingMs: number
  now: number
  /**
   * Also an outbox row per attempt (delivery n carries attempt n and its webhook-id, finished:
   * every 10th failed), for scenarios that read the log by message; once per database (the
   * webhook-ids would repeat). Default false.
   */
  withDeliveries?: boolean
}

/**
 * Attempt rows generated in SQL in one statement (a recursive counter, no pipeline), so a
 * scenario has a million-row log in seconds. Row n: `msg_bench<n>`, a request body naming record
 * n (`prd_bench<n>`, "Tent <n>"), every 10th a 500, every 100th no answer (connection refused).
 * The database file must not be open elsewhere (the shell stopped): synchronous is off.
 */
export async function insertGeneratedLog(db: Knex, options: GeneratedLogOptions): Promise<void> {
  const { appId, webhooks, rows, spacingMs, now } = options
  await db.raw('PRAGMA synchronous = OFF') // generated bench data, not a save
  const pick = (column: 'id' | 'externalId') =>
    `CASE n % ${webhooks.length} ${webhooks
      .map(
        (webhook, i) => `WHEN ${i} THEN ${column === 'id' ? webhook.id : `'${webhook.externalId}'`}`
      )
      .join(' ')} END`
  const event = `CASE n % 3 WHEN 0 THEN 'product.updated' WHEN 1 THEN 'product.created' ELSE 'order.created' END`
  // Delivery ids continue after the outbox's last one, so attempt n names delivery base + n.
  const [{ base }] = await db('deliveries').max({ base: 'id' })
  const deliveryBase = Number(base ?? 0)
  if (options.withDeliveries)
    await db.raw(
      `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
       INSERT INTO deliveries (id, message_id, webhook_id, app_id, event, status, attempts,
         next_attempt_at, created_at, updated_at)
       SELECT ? + n, 'msg_bench' || n, ${pick('id')}, ?, ${event},
         CASE WHEN n % 10 = 0 THEN 'failed' ELSE 'succeeded' END, 1, at, at, at
       FROM (SELECT n, ? - (? - n) * ? AS at FROM seq)`,
      [rows, deliveryBase, appId, now, rows, spacingMs]
    )
  await db.raw(
    `WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < ?)
     INSERT INTO webhook_logs (delivery_id, message_id, webhook_id, webhook_external_id, app_id,
       event, url, request_headers, request_body, response_status, response_body,
       response_body_truncated, response_time_ms, error_class, error, attempt, created_at)
     SELECT ${options.withDeliveries ? `${deliveryBase} + n` : 'NULL'}, 'msg_bench' || n,
       ${pick('id')}, ${pick('externalId')}, ?, ${event},
       'http://127.0.0.1:9/hook', '{"content-type":"application/json"}',
       '{"event":"product.updated","product":{"id":' || n || ',"externalId":"prd_bench' || n || '","name":"Tent ' || n || '"}}',
       CASE WHEN n % 100 = 0 THEN 0 WHEN n % 10 = 0 THEN 500 ELSE 200 END,
       CASE WHEN n % 100 = 0 THEN '' ELSE 'ok' END, 0, (n * 7919) % 300,
       CASE WHEN n % 100 = 0 THEN 'connection_refused' WHEN n % 10 = 0 THEN 'http_status' END,
       CASE WHEN n % 100 = 0 THEN 'connect ECONNREFUSED' WHEN n % 10 = 0 THEN 'receiver answered HTTP 500' END,
       1, ? - (? - n) * ?
     FROM seq`,
    [rows, appId, now, rows, spacingMs]
  )
}

/**
 * Webhooks for generated rows to belong to, created through the API and left off, so the
 * shell delivers nothing while a scenario measures it.
 */
export async function createIdleWebhooks(
  shell: ShellProcess,
  appId: number,
  count: number
): Promise<Array<{ id: number; externalId: string }>> {
  const webhooks: Array<{ id: number; externalId: string }> = []
  for (let n = 0; n < count; n++)
    webhooks.push(
      await shell.call('webhooks.create', {
        appId,
        name: `Archive ${n}`,
        url: 'http://127.0.0.1:9/hook',
        events: ['product.updated'],
        active: false
      })
    )
  return webhooks
}
