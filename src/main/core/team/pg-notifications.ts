import { randomBytes } from 'node:crypto'
import pg from 'pg'

/**
 * Team mode's nervous system: PostgreSQL `LISTEN`/`NOTIFY` between every process on one database.
 * A save on one instance wakes the delivery workers of all of them (`deliveries_due`), and attempts one
 * process records reach the live log and dashboard of every open UI (`log`, `webhook`).
 *
 * Notifications are hints, not data: a process that misses one (a reconnect) still finds due rows
 * on its next poll, and a UI reloads what it shows. Each process tags what it sends with its own
 * id and ignores its own echo.
 */
export type Channel = 'pim_deliveries_due' | 'pim_log' | 'pim_webhook' | 'pim_alert'
const CHANNELS: Channel[] = ['pim_deliveries_due', 'pim_log', 'pim_webhook', 'pim_alert']
/** PostgreSQL refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7_900

export interface PgNotifications {
  /** This process's tag on what it sends. */
  readonly origin: string
  /** Sends now (outside any transaction: call it after the commit that it announces). */
  send(channel: Channel, items: unknown[]): void
  /** Items other processes sent on `channel`. */
  on(channel: Channel, listener: (items: unknown[]) => void): () => void
  close(): Promise<void>
}

export async function startPgNotifications(
  url: string,
  onError: (message: string, error: unknown) => void
): Promise<PgNotifications> {
  const origin = randomBytes(6).toString('hex')
  const listeners = new Map<Channel, Set<(items: unknown[]) => void>>(
    CHANNELS.map((channel) => [channel, new Set()])
  )
  let closed = false
  let listener: pg.Client | null = null
  const sender = new pg.Pool({ connectionString: url, max: 1 })
  sender.on('error', (error) => onError('notifications: sender connection failed:', error))

  const connect = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url })
    client.on('notification', (message) => {
      if (!message.payload) return
      let parsed: { origin: string; items: unknown[] }
      try {
        parsed = JSON.parse(message.payload) as { origin: string; items: unknown[] }
      } catch {
        return // not ours
      }
      if (parsed.origin === origin) return
      for (const handle of listeners.get(message.channel as Channel) ?? []) handle(parsed.items)
    })
    client.on('error', (error) => {
      onError('notifications: listening connection lost, reconnecting:', error)
      void client.end().catch(() => {})
      if (listener === client) listener = null
      setTimeout(() => void reconnect(), 1_000).unref()
    })
    await client.connect()
    for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`)
    listener = client
  }
  const reconnect = async (): Promise<void> => {
    if (closed || listener) return
    try {
      await connect()
    } catch (error) {
      onError('notifications: cannot listen yet, retrying:', error)
      setTimeout(() => void reconnect(), 2_000).unref()
    }
  }
  await connect()

  return {
    origin,
    send(channel, items) {
      if (closed || items.length === 0) return
      // Split so every payload stays under the server's limit.
      const batches: unknown[][] = [[]]
      for (const item of items) {
        const current = batches[batches.length - 1]
        current.push(item)
        if (current.length > 1 && JSON.stringify({ origin, items: current }).length > MAX_PAYLOAD) {
          current.pop()
          batches.push([item])
        }
      }
      for (const batch of batches)
        sender
          .query('SELECT pg_notify($1, $2)', [channel, JSON.stringify({ origin, items: batch })])
          .catch((error: unknown) => onError(`notifications: cannot send on ${channel}:`, error))
    },
    on(channel, handle) {
      listeners.get(channel)!.add(handle)
      return () => listeners.get(channel)!.delete(handle)
    },
    async close() {
      closed = true
      await Promise.allSettled([listener?.end(), sender.end()])
    }
  }
}
