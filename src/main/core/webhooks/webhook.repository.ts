import type { EventName } from '@shared/entity-catalog'
import type { WebhookDto } from '@shared/dto'
import { parseStoredFilter, type EventFilter, type WebhookFilters } from '@shared/webhook-filters'
import type { Db } from '../db/knex-factory'
import { isoFromMs } from '../support/clock'
import {
  isSealed,
  openSecret,
  plainSecretBox,
  sealSecret,
  secretHint,
  type SecretBox
} from '../support/secret-box'
import { insertReturningId } from '../db/insert-returning-id'

type Row = Record<string, unknown>

/** A webhook as stored; the service adds its health, which comes from its deliveries. */
export type WebhookRecord = Omit<WebhookDto, 'health'>

/** Everything the subscriber and the worker need to sign and address a delivery. */
/** What `targetOfJoined` reads from a join of `webhooks` and `apps`. */
export const TARGET_JOIN_COLUMNS = [
  'webhooks.external_id as w_external_id',
  'webhooks.app_id as w_app_id',
  'webhooks.url as w_url',
  'webhooks.active as w_active',
  'webhooks.secret as w_secret',
  'webhooks.previous_secret as w_previous_secret',
  'webhooks.previous_secret_expires_at as w_previous_secret_expires_at',
  'webhooks.retry_schedule as w_retry_schedule',
  'apps.external_id as app_external_id',
  'apps.name as app_name'
] as const

export interface WebhookTarget {
  id: number
  externalId: string
  appId: number
  appExternalId: string
  appName: string
  url: string
  active: boolean
  secret: string
  previousSecret: string | null
  previousSecretExpiresAt: number | null
  /** Milliseconds between attempts; null means the default schedule. */
  retryScheduleMs: number[] | null
}

/** What fanning an event out needs of a webhook: its identity and its app. */
export type WebhookSubscriber = Pick<
  WebhookTarget,
  'id' | 'externalId' | 'appId' | 'appExternalId' | 'appName' | 'url'
> & {
  /** The narrowing of this event for this webhook; null when every save is delivered. */
  filter: EventFilter | null
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
}

export interface WebhookChanges {
  name?: string
  url?: string
  /** With `events`, both are written; alone, the filters of the current events are replaced. */
  events?: EventName[]
  filters?: WebhookFilters
  active?: boolean
  retrySchedule?: number[] | null
}

/** Stored as JSON seconds; anything unreadable falls back to the default schedule. */
function parseSchedule(value: unknown): number[] | null {
  if (typeof value !== 'string') return null
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) && parsed.every((n) => Number.isFinite(n) && n > 0)
      ? (parsed as number[])
      : null
  } catch {
    return null
  }
}

const optionalIso = (value: unknown): string | null =>
  value === null || value === undefined ? null : isoFromMs(Number(value))

/**
 * Webhooks as stored. Secrets go through the shell's secret box: sealed on the way in, opened
 * only to sign a request or when an operator reveals one; lists carry the stored hint instead.
 */
/** Who a webhook is and where it sends, from a row joined with its app: targets and subscribers. */
function addresseeOf(row: Row) {
  return {
    id: Number(row.id),
    externalId: String(row.external_id),
    appId: Number(row.app_id),
    appExternalId: String(row.app_external_id),
    appName: String(row.app_name),
    url: String(row.url)
  }
}

export class WebhookRepository {
  constructor(private readonly box: SecretBox = plainSecretBox) {}

  private toRecord(row: Row, events: EventName[], filters: WebhookFilters): WebhookRecord {
    return {
      id: Number(row.id),
      externalId: String(row.external_id),
      appId: Number(row.app_id),
      name: String(row.name),
      url: String(row.url),
      events,
      filters,
      active: Boolean(row.active),
      secretHint: String(row.secret_hint),
      previousSecretExpiresAt: optionalIso(row.previous_secret_expires_at),
      disabledReason: row.disabled_reason === null ? null : String(row.disabled_reason),
      disabledAt: optionalIso(row.disabled_at),
      retrySchedule: parseSchedule(row.retry_schedule),
      failureStreak: Number(row.failure_streak ?? 0),
      failingSince: optionalIso(row.failing_since),
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

  /** Failure streaks of these webhooks, by id; deleted ones are missing. */
  async streaks(db: Db, ids: number[]): Promise<Map<number, number>> {
    const rows: Row[] = await db('webhooks').whereIn('id', ids).select('id', 'failure_streak')
    return new Map(rows.map((row) => [Number(row.id), Number(row.failure_streak)]))
  }

  /** Ends the failure streaks of these webhooks (callers pass those that may have one). */
  async endStreaks(db: Db, ids: number[]): Promise<void> {
    await db('webhooks')
      .whereIn('id', ids)
      .andWhere('failure_streak', '>', 0)
      .update({ failure_streak: 0, failing_since: null })
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
      secret: sealSecret(this.box, webhook.secret),
      secret_hint: secretHint(webhook.secret),
      retry_schedule: webhook.retrySchedule ? JSON.stringify(webhook.retrySchedule) : null,
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

  /** Another delivery exhausted its retries; returns the streak as it now stands. */
  async recordExhausted(
    db: Db,
    id: number,
    now: number
  ): Promise<{ streak: number; failingSince: number }> {
    await db('webhooks')
      .where({ id })
      .update({
        failure_streak: db.raw('failure_streak + 1'),
        failing_since: db.raw('COALESCE(failing_since, ?)', [now])
      })
    const row = await db('webhooks').where({ id }).first('failure_streak', 'failing_since')
    return {
      streak: Number(row?.failure_streak ?? 0),
      failingSince: Number(row?.failing_since ?? now)
    }
  }

  /** Deliveries got through: these webhooks are healthy again. Returns the ids that changed. */
  async recordSuccesses(db: Db, ids: number[]): Promise<number[]> {
    const rows: Row[] = await db('webhooks')
      .whereIn('id', ids)
      .andWhere('failure_streak', '>', 0)
      .select('id')
    const changed = rows.map((row) => Number(row.id))
    if (changed.length > 0)
      await db('webhooks').whereIn('id', changed).update({ failure_streak: 0, failing_since: null })
    return changed
  }

  async disable(db: Db, id: number, reason: string, now: number): Promise<void> {
    await db('webhooks')
      .where({ id })
      .update({ active: false, disabled_reason: reason, disabled_at: now, updated_at: now })
  }

  async rotateSecret(
    db: Db,
    id: number,
    secret: string,
    previousValidUntil: number,
    now: number
  ): Promise<void> {
    await db('webhooks')
      .where({ id })
      .update({
        previous_secret: db.ref('secret'),
        previous_secret_expires_at: previousValidUntil,
        secret: sealSecret(this.box, secret),
        secret_hint: secretHint(secret),
        updated_at: now
      })
  }

  /** The signing secret in clear, for an operator who asked to see it. */
  async revealSecret(db: Db, id: number): Promise<string | null> {
    const row = await db('webhooks').where({ id }).first('secret')
    return row ? openSecret(this.box, String(row.secret)) : null
  }

  /**
   * Seals every secret still stored in clear (a database from before sealing, or one moved from
   * the headless shell to the desktop app). Does nothing with the plain box.
   */
  async sealPlainSecrets(db: Db): Promise<number> {
    if (this.box.protection === 'none') return 0
    const rows: Row[] = await db('webhooks').select('id', 'secret', 'previous_secret')
    let sealed = 0
    for (const row of rows) {
      const changes: Row = {}
      if (!isSealed(String(row.secret))) changes.secret = sealSecret(this.box, String(row.secret))
      if (row.previous_secret !== null && !isSealed(String(row.previous_secret)))
        changes.previous_secret = sealSecret(this.box, String(row.previous_secret))
      if (Object.keys(changes).length === 0) continue
      await db('webhooks').where({ id: row.id }).update(changes)
      sealed += 1
    }
    return sealed
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

  private targetQuery(db: Db) {
    return db('webhooks')
      .join('apps', 'apps.id', 'webhooks.app_id')
      .select('webhooks.*', 'apps.external_id as app_external_id', 'apps.name as app_name')
  }

  /**
   * Secrets opened before, by their sealed form: the worker reads targets for every claimed
   * batch, and opening can cost a keychain round trip. A rotated secret is a new sealed string.
   */
  private readonly opened = new Map<string, string>()

  private open(sealed: string): string {
    let secret = this.opened.get(sealed)
    if (secret === undefined) {
      if (this.opened.size >= 1_000) this.opened.clear()
      secret = openSecret(this.box, sealed)
      this.opened.set(sealed, secret)
    }
    return secret
  }

  private toTarget(row: Row): WebhookTarget {
    return {
      ...addresseeOf(row),
      active: Boolean(row.active),
      secret: this.open(String(row.secret)),
      previousSecret: row.previous_secret === null ? null : this.open(String(row.previous_secret)),
      previousSecretExpiresAt:
        row.previous_secret_expires_at === null ? null : Number(row.previous_secret_expires_at),
      retryScheduleMs: parseSchedule(row.retry_schedule)?.map((seconds) => seconds * 1000) ?? null
    }
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
        'webhooks.app_id',
        'webhooks.url',
        'webhook_events.filter',
        'apps.external_id as app_external_id',
        'apps.name as app_name'
      )
    return rows.map((row) => ({ ...addresseeOf(row), filter: parseStoredFilter(row.filter) }))
  }

  /**
   * A target from a row that joined `webhooks` and `apps` with `TARGET_JOIN_COLUMNS` (the
   * worker's claim reads its targets in the same statement).
   */
  targetOfJoined(row: Row): WebhookTarget {
    return this.toTarget({
      id: row.webhook_id,
      external_id: row.w_external_id,
      app_id: row.w_app_id,
      app_external_id: row.app_external_id,
      app_name: row.app_name,
      url: row.w_url,
      active: row.w_active,
      secret: row.w_secret,
      previous_secret: row.w_previous_secret,
      previous_secret_expires_at: row.w_previous_secret_expires_at,
      retry_schedule: row.w_retry_schedule
    })
  }

  /** The targets of these webhooks, by id (deleted ones are missing). */
  async targets(db: Db, ids: number[]): Promise<Map<number, WebhookTarget>> {
    const unique = [...new Set(ids)]
    if (unique.length === 0) return new Map()
    const rows: Row[] = await this.targetQuery(db).whereIn('webhooks.id', unique)
    return new Map(rows.map((row) => [Number(row.id), this.toTarget(row)]))
  }

  async target(db: Db, id: number): Promise<WebhookTarget | null> {
    const row = await this.targetQuery(db).where('webhooks.id', id).first()
    return row ? this.toTarget(row) : null
  }
}
