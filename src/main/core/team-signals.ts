import type { LogSummaryDto, PushEvent } from '@shared/dto'
import { isPostgresUrl } from './db/knex-factory'
import { startPgNotifications } from './db/pg-notifications'

/**
 * What one part of the core tells the others when the outbox or the log changes. On SQLite that
 * stays in this process; on a shared PostgreSQL it also reaches every other process on the
 * database, so their workers wake for new deliveries and their UIs see new attempts.
 */
export interface TeamSignals {
  /** New or newly due deliveries (call after the commit). */
  outboxChanged(): void
  logCreated(log: LogSummaryDto): void
  webhookChanged(webhookId: number): void
  close(): Promise<void>
}

/** Without a notification, a worker of another process still looks for due rows this often. */
export const TEAM_POLL_MS = 5_000

export async function startTeamSignals(
  database: string,
  local: {
    wakeWorker(): void
    push(event: PushEvent): void
    logError(message: string, error: unknown): void
  },
  pollMs = TEAM_POLL_MS
): Promise<TeamSignals> {
  if (!isPostgresUrl(database))
    return {
      outboxChanged: () => local.wakeWorker(),
      logCreated: (log) => local.push({ type: 'log.created', log }),
      webhookChanged: (webhookId) => local.push({ type: 'webhook.changed', webhookId }),
      close: async () => {}
    }

  const notifications = await startPgNotifications(database, local.logError)
  notifications.on('pim_outbox', () => local.wakeWorker())
  notifications.on('pim_log', (logs) => {
    for (const log of logs as LogSummaryDto[]) local.push({ type: 'log.created', log })
  })
  notifications.on('pim_webhook', (ids) => {
    for (const webhookId of ids as number[]) local.push({ type: 'webhook.changed', webhookId })
  })
  const poll = setInterval(() => local.wakeWorker(), pollMs)
  poll.unref()

  // A group commit records many attempts in one go: one notification per burst, not per row.
  let logs: LogSummaryDto[] = []
  let outbox = false
  let flushing = false
  const flushSoon = (): void => {
    if (flushing) return
    flushing = true
    queueMicrotask(() => {
      flushing = false
      if (outbox) notifications.send('pim_outbox', [1])
      notifications.send('pim_log', logs)
      outbox = false
      logs = []
    })
  }

  return {
    outboxChanged() {
      local.wakeWorker()
      outbox = true
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
    async close() {
      clearInterval(poll)
      await notifications.close()
    }
  }
}
