import { isSuccessStatus } from '@shared/http-status'
import type { Knex } from 'knex'
import type { ApiParsed } from '@shared/api-contract'
import type {
  BulkResult,
  DiscardedHeld,
  LogSummaryDto,
  RevealedHeadersDto,
  RevealedSecretDto,
  TestSendResult,
  WebhookDto,
  WebhookHistoryDto,
  WebhookWithSecretDto
} from '@shared/dto'
import { HOUR_MS } from '@shared/webhook-history'
import { AccountRepository } from '../account/account.repository'
import type { Clock } from '../support/clock'
import { invalidArgument, notFound } from '../support/core-error'
import { externalId } from '../support/ids'
import { inTransaction } from '../support/transaction'
import { performAttempt, type AttemptSettings } from '../delivery/delivery-attempt'
import { LogRepository, TEST_MESSAGE_PREFIX } from '../logs/log.repository'
import { webhookHistory } from '../logs/webhook-history'
import type { EventName } from '@shared/entity-catalog'
import type { WebhookFilters } from '@shared/webhook-filters'
import { sampleBody } from '@shared/sample-payload'
import type { DeliveryTargets } from '../delivery/delivery-targets'
import { generateSecret } from '../delivery/transport/signing'
import { WebhookHealthRepository } from '../delivery/webhook-health.repository'
import { discardHeld, flowOf } from '../delivery/held-deliveries'
import type { WebhookRecord, WebhookRepository } from './webhook.repository'
import type { WebhookSecrets } from './webhook-secrets'

export interface WebhookServiceEvents {
  /** Something deliveries depend on changed (activation, URL): the worker should look again. */
  deliveriesDue(): void
  /** A webhook went on hold: rows the worker already claimed for it must not go out. */
  webhookHeld(id: number): void
  /** A webhook's hold or what it holds changed: open screens show it again. */
  webhookChanged(id: number): void
  logCreated(log: LogSummaryDto): void
}

/** Where webhooks are stored: the records, their secrets, and delivery's view (test sends). */
export interface WebhookStores {
  webhooks: WebhookRepository
  secrets: WebhookSecrets
  targets: DeliveryTargets
}

export class WebhookService {
  private readonly webhooks: WebhookRepository
  private readonly secrets: WebhookSecrets
  private readonly targets: DeliveryTargets
  private readonly health = new WebhookHealthRepository()
  private readonly logs = new LogRepository()
  private readonly accounts = new AccountRepository()

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly attemptSettings: AttemptSettings,
    private readonly events: WebhookServiceEvents,
    stores: WebhookStores
  ) {
    this.webhooks = stores.webhooks
    this.secrets = stores.secrets
    this.targets = stores.targets
  }

  async get(id: number): Promise<WebhookDto> {
    const webhook = await this.webhooks.find(this.db, id)
    if (!webhook) throw notFound('Webhook', id)
    return (await this.withHealth([webhook]))[0]
  }

  async list(appId: number): Promise<WebhookDto[]> {
    await this.requireApp(appId, 'appId')
    return this.withHealth(await this.webhooks.listByApp(this.db, appId))
  }

  private async withHealth(records: WebhookRecord[]): Promise<WebhookDto[]> {
    const now = this.clock.now()
    const health = await this.health.healthOf(this.db, records, now)
    const flow = await flowOf(this.db, records, now)
    return records.map((record) => ({
      ...record,
      flow: flow.get(record.id)!,
      health: health.get(record.id)!
    }))
  }

  /** The answer carries the new secret: creating a webhook is when the operator copies it. */
  async create(input: ApiParsed<'webhooks.create'>): Promise<WebhookWithSecretDto> {
    await this.requireApp(input.appId, 'appId')
    checkFiltersSubscribed(input.filters ?? {}, input.events)
    const secret = generateSecret()
    const id = await inTransaction(this.db, (unit) =>
      this.webhooks.insert(
        unit.db,
        {
          externalId: externalId('web'),
          appId: input.appId,
          name: input.name ?? new URL(input.url).host,
          url: input.url,
          events: input.events,
          filters: input.filters ?? {},
          active: input.active,
          secret,
          retrySchedule: input.retrySchedule ?? null,
          flowControls: {
            ratePerSecond: input.ratePerSecond ?? null,
            maxInFlight: input.maxInFlight ?? null,
            orderedPerRecord: input.orderedPerRecord ?? false
          },
          headers: input.headers ?? []
        },
        this.clock.now()
      )
    )
    return { ...(await this.get(id)), secret }
  }

  async update(input: ApiParsed<'webhooks.update'>): Promise<WebhookDto> {
    const { id, ratePerSecond, maxInFlight, orderedPerRecord, ...changes } = input
    await inTransaction(this.db, async (unit) => {
      const existing = await this.webhooks.find(unit.db, id)
      if (!existing) throw notFound('Webhook', id)
      if (changes.filters)
        checkFiltersSubscribed(changes.filters, changes.events ?? existing.events)
      const flowControls = { ratePerSecond, maxInFlight, orderedPerRecord }
      await this.webhooks.update(unit.db, id, { ...changes, flowControls }, this.clock.now())
    })
    this.events.deliveriesDue()
    return this.get(id)
  }

  async bulk(input: ApiParsed<'webhooks.bulk'>): Promise<BulkResult> {
    const ids = [...new Set(input.ids)]
    const affected = await inTransaction(this.db, async (unit) => {
      const existing = new Set(await this.webhooks.existingIds(unit.db, ids))
      const missing = ids.filter((id) => !existing.has(id))
      if (missing.length > 0)
        throw notFound(missing.length > 1 ? 'Webhooks' : 'Webhook', missing.join(', '))
      const now = this.clock.now()
      if (input.action === 'delete') return this.webhooks.delete(unit.db, ids)
      return this.webhooks.setActive(unit.db, ids, input.action === 'activate', now)
    })
    this.events.deliveriesDue()
    return { action: input.action, affected }
  }

  /**
   * A new secret; the old one is still signed with for `previousSecretHours` so receivers can
   * catch up, or not at all with 0 (a leaked secret).
   */
  async rotateSecret(input: ApiParsed<'webhooks.rotateSecret'>): Promise<WebhookWithSecretDto> {
    const { id, previousSecretHours } = input
    const secret = generateSecret()
    await inTransaction(this.db, async (unit) => {
      if (!(await this.webhooks.find(unit.db, id))) throw notFound('Webhook', id)
      const now = this.clock.now()
      const validUntil = previousSecretHours === 0 ? null : now + previousSecretHours * HOUR_MS
      await this.secrets.rotate(unit.db, id, secret, validUntil, now)
    })
    return { ...(await this.get(id)), secret }
  }

  /**
   * Holds a webhook: its deliveries keep queuing and none is sent until `resume` (attempts already
   * on the wire finish). Unlike turning it off, saves still queue for it, and it never
   * auto-disables, as nothing is attempted.
   */
  async hold(id: number): Promise<WebhookDto> {
    await inTransaction(this.db, async (unit) => {
      if (!(await this.webhooks.find(unit.db, id))) throw notFound('Webhook', id)
      await this.webhooks.setHeld(unit.db, [id], true, this.clock.now())
    })
    this.events.webhookHeld(id)
    this.events.webhookChanged(id)
    return this.get(id)
  }

  /** Ends a hold: the held deliveries go oldest first, at the webhook's rate limit if it has one. */
  async resume(id: number): Promise<WebhookDto> {
    await inTransaction(this.db, async (unit) => {
      if (!(await this.webhooks.find(unit.db, id))) throw notFound('Webhook', id)
      await this.webhooks.setHeld(unit.db, [id], false, this.clock.now())
    })
    this.events.deliveriesDue()
    this.events.webhookChanged(id)
    return this.get(id)
  }

  /**
   * Drops what a held webhook has not sent, each with a log entry saying so (redeliverable from
   * the log). Only while held: a sending webhook's queue is not the operator's to empty.
   */
  async discardHeld(id: number): Promise<DiscardedHeld> {
    const logs = await inTransaction(this.db, async (unit) => {
      const webhook = await this.webhooks.find(unit.db, id)
      if (!webhook) throw notFound('Webhook', id)
      if (webhook.heldSince === null)
        throw invalidArgument('id', `webhook ${id} is not on hold: hold it before discarding`)
      const target = await this.targets.target(unit.db, id)
      return discardHeld(unit.db, target!, this.clock.now())
    })
    // The log view reloads past a screenful; a push per discarded delivery would flood it.
    for (const log of logs.slice(0, 100)) this.events.logCreated(log)
    this.events.webhookChanged(id)
    return { webhookId: id, discarded: logs.length }
  }

  /** The webhook's real attempts per hour or day, for its page's charts. */
  async history(input: ApiParsed<'webhooks.history'>): Promise<WebhookHistoryDto> {
    if (!(await this.webhooks.find(this.db, input.id))) throw notFound('Webhook', input.id)
    return webhookHistory(this.db, input.id, input.days, this.clock.now())
  }

  /** Lists and reads carry only a hint; the secret itself is shown when an operator asks. */
  async revealSecret(id: number): Promise<RevealedSecretDto> {
    const secret = await this.secrets.reveal(this.db, id)
    if (secret === null) throw notFound('Webhook', id)
    return { secret }
  }

  /** Custom headers in clear: lists, reads and logs show a secret one's hint only. */
  async revealHeaders(id: number): Promise<RevealedHeadersDto> {
    const headers = await this.secrets.revealHeaders(this.db, id)
    if (headers === null) throw notFound('Webhook', id)
    return { headers }
  }

  /** Sends a sample payload right now (outside the queue) and logs the attempt like any other. */
  async test(input: ApiParsed<'webhooks.test'>): Promise<TestSendResult> {
    const webhook = await this.get(input.id)
    const event = input.event ?? webhook.events[0]
    const target = await this.targets.target(this.db, input.id)
    if (!target) throw notFound('Webhook', input.id)
    const now = this.clock.now()
    const account = await this.accounts.get(this.db)
    // A narrowed webhook is sent a sample that passes its narrowing: the changes name the watched
    // fields and the record satisfies the conditions.
    const { body, revision } = sampleBody(
      event,
      {
        occurredAt: now,
        account,
        app: { externalId: target.appExternalId, name: target.appName },
        webhook: { externalId: target.externalId },
        userName: account.operatorName
      },
      webhook.filters[event]
    )
    const { result, log } = await performAttempt(
      this.attemptSettings,
      target,
      { deliveryId: null, messageId: externalId(TEST_MESSAGE_PREFIX), event, body, revision },
      1
    )
    const saved = await this.logs.insert(this.db, log)
    this.events.logCreated(saved)
    const detail = await this.logs.get(this.db, saved.id)
    if (!detail) throw new Error(`test log ${saved.id} cannot be read back`)
    return { ok: isSuccessStatus(result.status), log: detail }
  }

  private async requireApp(appId: number, path: string): Promise<void> {
    const app = await this.db('apps').where({ id: appId }).first('id')
    if (!app) throw invalidArgument(path, `app ${appId} does not exist`)
  }
}

/** A filter narrows a subscription: its event must be one of the webhook's events. */
function checkFiltersSubscribed(filters: WebhookFilters, events: EventName[]): void {
  for (const event of Object.keys(filters))
    if (!events.includes(event as EventName))
      throw invalidArgument(`filters.${event}`, `${event} is not one of the webhook's events`)
}
