import type { EventName } from '@shared/entity-catalog'
import type { WebhookDto, WebhookHeaderDto } from '@shared/dto'
import type { WebhookHeaderInput } from '@shared/webhook-headers'
import { parseStoredFilter, type EventFilter, type WebhookFilters } from '@shared/webhook-filters'
import type { Db } from '../db/knex-factory'
import { insertReturningId } from '../db/insert-returning-id'
import { addresseeOf, type Addressee } from '../delivery/delivery-targets'
import { storedRetrySchedule } from '../delivery/retry-policy'
import { storedHeaders } from '../delivery/stored-headers'
import { isoFromMs } from '../support/clock'
import type { WebhookSecrets } from './webhook-secrets'

type Row = Record<string, unknown>

/** A webhook as stored; the service adds its health, which comes from its deliveries. */
export type WebhookRecord = Omit<WebhookDto, 'health' | 'flow'>

/** What fanning an event out needs of a webhook: who it is, and its narrowing of the event. */
export type WebhookSubscriber = Addressee & {
  /** The narrowing of this event for this webhook; null when every save is delivered. */
  filter: EventFilter | null
  /** Its deliveries about one record go in the order of the saves (an `order_key` per row). */
  ordered: boolean
}

export interface NewWebhook {
  externalId: string
  appId: number
  name: string
  url: string
  events: EventName[]
  filters: WebhookFilters
  active: boolean
  secret: string
  retrySchedule: number[] | null
  flowControls: FlowControls
  headers: WebhookHeaderInput[]
}

/** A webhook's rate limit and ordering (`null`: unlimited). */
export interface FlowControls {
  ratePerSecond: number | null
  maxInFlight: number | null
  orderedPerRecord: boolean
}

const FLOW_COLUMNS = {
  ratePerSecond: 'rate_per_second',
  maxInFlight: 'max_in_flight',
  orderedPerRecord: 'ordered'
} as const satisfies Record<keyof FlowControls, string>

/** The columns of the flow controls given (all of them, or the changed ones). */
function flowColumns(controls: Partial<FlowControls>): Row {
  const row: Row = {}
  for (const [key, column] of Object.entries(FLOW_COLUMNS)) {
    const value = controls[key as keyof FlowControls]
    if (value !== undefined) row[column] = value
  }
  return row
}

export interface WebhookChanges {
  name?: string
  url?: string
  /** With `events`, both are written; alone, the filters of the current events are replaced. */
  events?: EventName[]
  filters?: WebhookFilters
  active?: boolean
  retrySchedule?: number[] | null
  flowControls?: Partial<FlowControls>
  /** Replaces them all; a secret one without a value keeps its stored value. */
  headers?: WebhookHeaderInput[]
}

const optionalIso = (value: unknown): string | null =>
  value === null || value === undefined ? null : isoFromMs(Number(value))

/**
 * Webhooks as their administration sees them: CRUD, subscriptions with their filters, and who an
 * event fans out to. Secrets are written through the secret store, never in clear.
 */
export class WebhookRepository {
  constructor(private readonly secrets: WebhookSecrets) {}

  private toRecord(row: Row, events: EventName[], filters: WebhookFilters): WebhookRecord {
    return {
      id: Number(row.id),
      externalId: String(row.external_id),
      appId: Number(row.app_id),
      name: String(row.name),
      url: String(row.url),
      events,
      filters,
      headers: storedHeaders(row.headers).map(({ name, value, secret, hint }): WebhookHeaderDto =>
        secret ? { name, value: null, secret, hint } : { name, value, secret, hint: null }
      ),
      active: Boolean(row.active),
      secretHint: String(row.secret_hint),
      previousSecretExpiresAt: optionalIso(row.previous_secret_expires_at),
      disabledReason: row.disabled_reason === null ? null : String(row.disabled_reason),
      disabledAt: optionalIso(row.disabled_at),
      retrySchedule: storedRetrySchedule(row.retry_schedule),
      failureStreak: Number(row.failure_streak ?? 0),
      failingSince: optionalIso(row.failing_since),
      ratePerSecond: row.rate_per_second == null ? null : Number(row.rate_per_second),
      maxInFlight: row.max_in_flight == null ? null : Number(row.max_in_flight),
      orderedPerRecord: Boolean(row.ordered),
      heldSince: optionalIso(row.held_since),
      createdAt: isoFromMs(Number(row.created_at)),
      updatedAt: isoFromMs(Number(row.updated_at))
    }
  }

  private async withEvents(db: Db, rows: Row[]): Promise<WebhookRecord[]> {
    if (rows.length === 0) return []
    const eventRows: Row[] = await db('webhook_events')
      .whereIn(
        'webhook_id',
        rows.map((row) => row.id as number)
      )
      .orderBy(['webhook_id', 'event'])
    const byWebhook = new Map<number, { events: EventName[]; filters: WebhookFilters }>()
    for (const row of eventRows) {
      const entry = byWebhook.get(Number(row.webhook_id)) ?? { events: [], filters: {} }
      const event = row.event as EventName
      entry.events.push(event)
      const filter = parseStoredFilter(row.filter)
      if (filter) entry.filters[event] = filter
      byWebhook.set(Number(row.webhook_id), entry)
    }
    return rows.map((row) => {
      const entry = byWebhook.get(Number(row.id))
      return this.toRecord(row, entry?.events ?? [], entry?.filters ?? {})
    })
  }

  async find(db: Db, id: number): Promise<WebhookRecord | null> {
    const row = await db('webhooks').where({ id }).first()
    return row ? (await this.withEvents(db, [row]))[0] : null
  }

  async listByApp(db: Db, appId: number): Promise<WebhookRecord[]> {
    return this.withEvents(db, await db('webhooks').where({ app_id: appId }).orderBy('id'))
  }

  async existingIds(db: Db, ids: number[]): Promise<number[]> {
    const rows: Row[] = await db('webhooks').whereIn('id', ids).select('id')
    return rows.map((row) => Number(row.id))
  }

  async insert(db: Db, webhook: NewWebhook, now: number): Promise<number> {
    const id = await insertReturningId(db('webhooks'), {
      external_id: webhook.externalId,
      app_id: webhook.appId,
      name: webhook.name,
      url: webhook.url,
      active: webhook.active,
      ...this.secrets.columns(webhook.secret),
      retry_schedule: webhook.retrySchedule ? JSON.stringify(webhook.retrySchedule) : null,
      ...flowColumns(webhook.flowControls),
      headers: this.secrets.headersColumn(webhook.headers, []),
      created_at: now,
      updated_at: now
    })
    await this.replaceEvents(db, id, webhook.events, webhook.filters)
    return id
  }

  async update(db: Db, id: number, changes: WebhookChanges, now: number): Promise<void> {
    const row: Row = { updated_at: now }
    if (changes.name !== undefined) row.name = changes.name
    if (changes.url !== undefined) row.url = changes.url
    if (changes.active !== undefined) Object.assign(row, this.activeColumns(changes.active))
    if (changes.retrySchedule !== undefined)
      row.retry_schedule = changes.retrySchedule ? JSON.stringify(changes.retrySchedule) : null
    if (changes.flowControls) Object.assign(row, flowColumns(changes.flowControls))
    if (changes.headers !== undefined) {
      const current = await db('webhooks').where({ id }).first('headers')
      row.headers = this.secrets.headersColumn(changes.headers, storedHeaders(current?.headers))
    }
    await db('webhooks').where({ id }).update(row)
    if (changes.events || changes.filters) {
      const current = changes.events && changes.filters ? null : await this.find(db, id)
      await this.replaceEvents(
        db,
        id,
        changes.events ?? current?.events ?? [],
        changes.filters ?? current?.filters ?? {}
      )
    }
  }

  async setActive(db: Db, ids: number[], active: boolean, now: number): Promise<number> {
    return db('webhooks')
      .whereIn('id', ids)
      .update({ ...this.activeColumns(active), updated_at: now })
  }

  /** Turning a webhook on by hand clears any automatic disable reason and failure streak. */
  private activeColumns(active: boolean): Row {
    return active
      ? {
          active: true,
          disabled_reason: null,
          disabled_at: null,
          failure_streak: 0,
          failing_since: null
        }
      : { active: false }
  }

  /**
   * Puts webhooks on hold (`held`) or takes them off it; returns those that changed. A hold keeps
   * its first time: holding a held webhook again does not restart its clock.
   */
  async setHeld(db: Db, ids: number[], held: boolean, now: number): Promise<number[]> {
    const query = db('webhooks').whereIn('id', ids)
    void (held ? query.whereNull('held_since') : query.whereNotNull('held_since'))
    const changing: Row[] = await query.clone().select('id')
    if (changing.length > 0) await query.update({ held_since: held ? now : null, updated_at: now })
    return changing.map((row) => Number(row.id))
  }

  async delete(db: Db, ids: number[]): Promise<number> {
    return db('webhooks').whereIn('id', ids).delete()
  }

  /** Filters of events not in `events` are dropped with their subscription. */
  private async replaceEvents(
    db: Db,
    id: number,
    events: EventName[],
    filters: WebhookFilters
  ): Promise<void> {
    await db('webhook_events').where({ webhook_id: id }).delete()
    await db('webhook_events').insert(
      events.map((event) => ({
        webhook_id: id,
        event,
        filter: filters[event] ? JSON.stringify(filters[event]) : null
      }))
    )
  }

  /**
   * Active webhooks of any app subscribed to exactly this event: who a save fans out to. Reads no
   * secret (a save never signs anything).
   */
  async subscribersOf(db: Db, event: EventName): Promise<WebhookSubscriber[]> {
    const rows: Row[] = await db('webhook_events')
      .join('webhooks', 'webhooks.id', 'webhook_events.webhook_id')
      .join('apps', 'apps.id', 'webhooks.app_id')
      .where('webhook_events.event', event)
      .andWhere('webhooks.active', true)
      .orderBy('webhooks.id')
      .select(
        'webhooks.id',
        'webhooks.external_id',
        'webhooks.name',
        'webhooks.app_id',
        'webhooks.url',
        'webhooks.ordered',
        'webhook_events.filter',
        'apps.external_id as app_external_id',
        'apps.name as app_name'
      )
    return rows.map((row) => ({
      ...addresseeOf(row),
      filter: parseStoredFilter(row.filter),
      ordered: Boolean(row.ordered)
    }))
  }
}
