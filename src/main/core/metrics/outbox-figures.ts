import type { Db } from '../db/knex-factory'

type Row = Record<string, unknown>

/** The outbox as a scrape sees it: the same figures from every process on one database. */
export interface OutboxFigures {
  /** Pending rows due now (held ones included). */
  due: number
  /** Pending rows waiting for a later retry (held ones included). */
  scheduled: number
  /** Pending rows of webhooks on hold (a part of `due` + `scheduled`). */
  held: number
  /**
   * Creation time (ms) of the oldest pending row of an active webhook that is not on hold: what
   * the workers should be sending and are not yet. Null when there is none.
   */
  oldestWaitingAt: number | null
  /** Every webhook, with what its health verdict and its labels need. */
  webhooks: MetricsWebhook[]
}

export interface MetricsWebhook {
  id: number
  externalId: string
  appExternalId: string
  active: boolean
  disabledReason: string | null
  failureStreak: number
}

/**
 * Two statements per scrape, neither of which reads the outbox's finished rows:
 * - the pending rows, counted along the claim index `(status, next_attempt_at, webhook_id)`
 *   (covering, so no row is read; the cost is the backlog, never the table);
 * - one row per webhook, each with two correlated lookups in `(webhook_id, status, created_at)`:
 *   its oldest pending row (a seek, SQLite's and PostgreSQL's min() optimisation) and, only for a
 *   held webhook, how many rows wait (the held backlog). The `webhooks` table is small.
 * Written out as SQL because knex has no correlated subquery builder; both databases take it as is.
 */
export async function outboxFigures(db: Db, now: number): Promise<OutboxFigures> {
  const pending: Row | undefined = await db('deliveries')
    .where('status', 'pending')
    .first(
      db.raw('count(*) as waiting'),
      db.raw('sum(case when next_attempt_at <= ? then 1 else 0 end) as due', [now])
    )
  const waiting = Number(pending?.waiting ?? 0)
  const due = Number(pending?.due ?? 0)

  const rows: Row[] = await db
    .from('webhooks')
    .join('apps', 'apps.id', 'webhooks.app_id')
    .select(
      'webhooks.id',
      'webhooks.external_id',
      'apps.external_id as app_external_id',
      'webhooks.active',
      'webhooks.disabled_reason',
      'webhooks.failure_streak',
      'webhooks.held_since',
      db.raw(
        `(select min(deliveries.created_at) from deliveries
          where deliveries.webhook_id = webhooks.id and deliveries.status = 'pending') as oldest`
      ),
      db.raw(
        `case when webhooks.held_since is null then 0 else
          (select count(*) from deliveries
            where deliveries.webhook_id = webhooks.id and deliveries.status = 'pending')
         end as held`
      )
    )
    .orderBy('webhooks.id')

  let held = 0
  let oldestWaitingAt: number | null = null
  const webhooks: MetricsWebhook[] = []
  for (const row of rows) {
    const active = Boolean(row.active)
    held += Number(row.held ?? 0)
    if (active && row.held_since == null && row.oldest != null) {
      const oldest = Number(row.oldest)
      if (oldestWaitingAt === null || oldest < oldestWaitingAt) oldestWaitingAt = oldest
    }
    webhooks.push({
      id: Number(row.id),
      externalId: String(row.external_id),
      appExternalId: String(row.app_external_id),
      active,
      disabledReason: row.disabled_reason == null ? null : String(row.disabled_reason),
      failureStreak: Number(row.failure_streak ?? 0)
    })
  }
  return { due, scheduled: waiting - due, held, oldestWaitingAt, webhooks }
}
