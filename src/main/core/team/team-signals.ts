import type { AlertDto, LogSummaryDto, PushEvent } from '@shared/dto'
import { isPostgresUrl } from '../db/knex-factory'
import { startPgNotifications } from './pg-notifications'

/**
 * What one part of the core tells the others when the outbox or the log changes. On SQLite that
 * stays in this process; on a shared PostgreSQL it also reaches every other process on the
 * database, so their workers wake for new deliveries and their UIs see new attempts.
 */
export interface TeamSignals {
  /**
   * Deliveries are due: new outbox rows, a replay, a webhook turned back on (call after the
   * commit). The one name of this signal, from the code that queues to the worker that sends.
   */
  deliveriesDue(): void
  logCreated(log: LogSummaryDto): void
  webhookChanged(webhookId: number): void
  /** A new in-app alert: every UI on the database shows it (one process made it). */
  alertRaised(alert: AlertDto): void
  close(): Promise<void>
}

/** Without a notification, a worker of another process still looks for due rows this often. */
export const TEAM_POLL_MS = 5_000

export async function startTeamSignals(
  database: string,
  local: {
    /** This process's worker: it looks at the outbox again. */
    deliveriesDue(): void
    push(event: PushEvent): void
    logError(message: string, error: unknown): void
  },
  pollMs = TEAM_POLL_MS
): Promise<TeamSignals> {
  if (!isPostgresUrl(database))
    return {
      deliveriesDue: () => local.deliveriesDue(),
      logCreated: (log) => local.push({ type: 'log.created', log }),
      webhookChanged: (webhookId) => local.push({ type: 'webhook.changed', webhookId }),
      alertRaised: (alert) => local.push({ type: 'alert.raised', alert }),
      close: async () => {}
    }

  const notifications = await startPgNotifications(database, local.logError)
  notifications.on('pim_deliveries_due', () => local.deliveriesDue())
  notifications.on('pim_log', (logs) => {
    for (const log of logs as LogSummaryDto[]) local.push({ type: 'log.created', log })
  })
  notifications.on('pim_webhook', (ids) => {
    for (const webhookId of ids as number[]) local.push({ type: 'webhook.changed', webhookId })
  })
  notifications.on('pim_alert', (alerts) => {
    for (const alert of alerts as AlertDto[]) local.push({ type: 'alert.raised', alert })
  })
  const poll = setInterval(() => local.deliveriesDue(), pollMs)
  poll.unref()

  // A group commit records many attempts in one go: one notification per burst, not per row.
  let logs: LogSummaryDto[] = []
  let due = false
  let flushing = false
  const flushSoon = (): void => {
    if (flushing) return
    flushing = true
    queueMicrotask(() => {
      flushing = false
      if (due) notifications.send('pim_deliveries_due', [1])
      notifications.send('pim_log', logs)
      due = false
      logs = []
    })
  }

  return {
    deliveriesDue() {
      local.deliveriesDue()
      due = true
      flushSoon()
    },
    logCreated(log) {
      local.push({ type: 'log.created', log })
      logs.push(log)
      flushSoon()
    },
    webhookChanged(webhookId) {
      local.push({ type: 'webhook.changed', webhookId })
      notifications.send('pim_webhook', [webhookId])
    },
    alertRaised(alert) {
      local.push({ type: 'alert.raised', alert })
      notifications.send('pim_alert', [alert])
    },
    async close() {
      clearInterval(poll)
      await notifications.close()
    }
  }
}
