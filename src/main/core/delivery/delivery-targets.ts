import type { Db } from '../db/knex-factory'
import { storedRetrySchedule } from './retry-policy'
import { storedHeaders } from './stored-headers'

type Row = Record<string, unknown>

/** Who a delivery goes to: the webhook's immutable identity, its app and its URL. */
export interface Addressee {
  id: number
  externalId: string
  /** Its name now, which the log keeps with each attempt. */
  name: string
  appId: number
  appExternalId: string
  appName: string
  url: string
}

/** Everything an attempt needs to sign and address a delivery. */
export interface DeliveryTarget extends Addressee {
  active: boolean
  secret: string
  previousSecret: string | null
  previousSecretExpiresAt: number | null
  /** Milliseconds between attempts; null means the default schedule. */
  retryScheduleMs: number[] | null
  /** Custom headers, values in clear (to send); `hint` is what the log shows of a secret one. */
  headers: Array<{ name: string; value: string; secret: boolean; hint: string | null }>
}

/**
 * What delivery needs of the webhooks' secret store: a stored secret in clear, to sign with (or,
 * for a secret custom header, to send).
 * Declared here so delivery reads its targets without importing webhook administration.
 */
export interface SecretOpener {
  open(stored: string): string
}

/** What `fromJoinedRow` reads, from a join of `deliveries`, `webhooks` and `apps`. */
export const TARGET_JOIN_COLUMNS = [
  'webhooks.external_id as w_external_id',
  'webhooks.name as w_name',
  'webhooks.app_id as w_app_id',
  'webhooks.url as w_url',
  'webhooks.active as w_active',
  'webhooks.secret as w_secret',
  'webhooks.previous_secret as w_previous_secret',
  'webhooks.previous_secret_expires_at as w_previous_secret_expires_at',
  'webhooks.retry_schedule as w_retry_schedule',
  'webhooks.headers as w_headers',
  'apps.external_id as app_external_id',
  'apps.name as app_name'
] as const

/** An addressee from a `webhooks` row joined with its app (`app_external_id`, `app_name`). */
export function addresseeOf(row: Row): Addressee {
  return {
    id: Number(row.id),
    externalId: String(row.external_id),
    name: String(row.name),
    appId: Number(row.app_id),
    appExternalId: String(row.app_external_id),
    appName: String(row.app_name),
    url: String(row.url)
  }
}

/** The webhooks as delivery sees them: where to send, and with which secrets to sign. */
export class DeliveryTargets {
  constructor(private readonly secrets: SecretOpener) {}

  private toTarget(row: Row): DeliveryTarget {
    return {
      ...addresseeOf(row),
      active: Boolean(row.active),
      secret: this.secrets.open(String(row.secret)),
      previousSecret:
        row.previous_secret === null ? null : this.secrets.open(String(row.previous_secret)),
      previousSecretExpiresAt:
        row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
      retryScheduleMs: storedRetrySchedule(row.retry_schedule)?.map((s) => s * 1000) ?? null,
      headers: storedHeaders(row.headers).map((header) => ({
        ...header,
        value: header.secret ? this.secrets.open(header.value) : header.value
      }))
    }
  }

  /** A target from an outbox row joined with `TARGET_JOIN_COLUMNS` (the worker's claim). */
  fromJoinedRow(row: Row): DeliveryTarget {
    return this.toTarget({
      id: row.webhook_id,
      external_id: row.w_external_id,
      name: row.w_name,
      app_id: row.w_app_id,
      app_external_id: row.app_external_id,
      app_name: row.app_name,
      url: row.w_url,
      active: row.w_active,
      secret: row.w_secret,
      previous_secret: row.w_previous_secret,
      previous_secret_expires_at: row.w_previous_secret_expires_at,
      retry_schedule: row.w_retry_schedule,
      headers: row.w_headers
    })
  }

  /** One webhook's target (a redelivery, a test send); null when it was deleted. */
  async target(db: Db, id: number): Promise<DeliveryTarget | null> {
    const row = await db('webhooks')
      .join('apps', 'apps.id', 'webhooks.app_id')
      .where('webhooks.id', id)
      .first('webhooks.*', 'apps.external_id as app_external_id', 'apps.name as app_name')
    return row ? this.toTarget(row as Row) : null
  }
}
