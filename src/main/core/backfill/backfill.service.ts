import type { Knex } from 'knex'
import type { ApiParsed } from '@shared/api-contract'
import { OPEN_BACKFILL_STATES, type BackfillDto, type BackfillState } from '@shared/backfill'
import { eventName } from '@shared/entity-catalog'
import type { Clock } from '../support/clock'
import { conflict, invalidArgument, notFound } from '../support/core-error'
import { externalId } from '../support/ids'
import { inTransaction } from '../support/transaction'
import { BackfillRecords, selectionOf } from './backfill-records'
import { backfillWebhook } from './backfill-webhook'
import { BackfillRepository, backfillDto, type IdsByType } from './backfill.repository'

export interface BackfillServiceEvents {
  /** A backfill was started or resumed: the feeder should look now. */
  opened: () => void
  /** Its state changed (pushed at once as `backfill.progress`). */
  changed: (id: number) => void
}

/** Unique index `backfills_open_per_webhook`: another process opened one at the same moment. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return code === '23505' || (code === 'SQLITE_CONSTRAINT' && /UNIQUE/i.test(String(error)))
}

/** `backfills.*`: start, read, pause, resume and cancel "Send current state…". */
export class BackfillService {
  private readonly backfills = new BackfillRepository()
  private readonly records = new BackfillRecords()

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly events: BackfillServiceEvents
  ) {}

  async start(input: ApiParsed<'backfills.start'>): Promise<BackfillDto> {
    let id: number
    try {
      id = await inTransaction(this.db, async ({ db }) => {
        const webhook = await backfillWebhook(db, input.webhookId)
        if (!webhook) throw notFound('Webhook', input.webhookId)
        if (!webhook.active)
          throw conflict(
            `Webhook "${webhook.name}" is turned off: turn it on before sending it the current ` +
              'state (nothing would be delivered meanwhile).'
          )
        const open = await this.backfills.openFor(db, webhook.id)
        if (open) throw openConflict(webhook.name, open.externalId, open.state)
        const until: IdsByType = {}
        let total = 0
        for (const type of input.types) {
          const selection = selectionOf(
            { match: input.match, search: input.search ?? null },
            webhook,
            type
          )
          if (!selection)
            throw invalidArgument(
              'types',
              `the webhook does not subscribe to ${eventName(type, 'updated')}; a backfill ` +
                'sends each record as its <type>.updated event'
            )
          const boundary = await this.records.boundary(db, type, selection)
          until[type] = boundary.until
          total += boundary.total
        }
        return this.backfills.insert(
          db,
          {
            externalId: externalId('bkf'),
            webhookId: webhook.id,
            types: input.types,
            match: input.match,
            search: input.match === 'search' ? (input.search ?? null) : null,
            until,
            total
          },
          this.clock.now()
        )
      })
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict(
          `Webhook ${input.webhookId} already has a backfill running or paused; cancel it first.`
        )
      throw error
    }
    this.events.opened()
    this.events.changed(id)
    return this.get(id)
  }

  /** With exact counts while it is open (the stored ones follow the feeder's throttle). */
  async get(id: number): Promise<BackfillDto> {
    const record = await this.backfills.find(this.db, id)
    if (!record) throw notFound('Backfill', id)
    const dto = backfillDto(record)
    if (!OPEN_BACKFILL_STATES.includes(dto.state)) return dto
    const counts = await this.backfills.finished(this.db, id)
    return { ...dto, delivered: counts.succeeded, failed: counts.failed }
  }

  async list(webhookId?: number): Promise<BackfillDto[]> {
    return (await this.backfills.list(this.db, webhookId)).map(backfillDto)
  }

  /** Stops feeding; rows already queued may still be sent. Pausing a paused one is no change. */
  pause(id: number): Promise<BackfillDto> {
    return this.move(id, ['running', 'paused'], 'paused')
  }

  async resume(id: number): Promise<BackfillDto> {
    const backfill = await this.move(id, ['paused', 'running'], 'running')
    this.events.opened()
    return backfill
  }

  /**
   * Stops feeding and drops the backfill's rows not yet leased from the outbox (attempts already
   * made stay in the log); rows on the wire finish. Final.
   */
  cancel(id: number): Promise<BackfillDto> {
    return this.move(id, ['running', 'paused'], 'cancelled')
  }

  private async move(
    id: number,
    from: readonly BackfillState[],
    to: BackfillState
  ): Promise<BackfillDto> {
    await inTransaction(this.db, async ({ db }) => {
      const backfill = await this.backfills.lock(db, id)
      if (!backfill) throw notFound('Backfill', id)
      if (!from.includes(backfill.state))
        throw conflict(`Backfill ${backfill.externalId} is ${backfill.state}; it cannot be ${to}.`)
      if (backfill.state === to) return
      const now = this.clock.now()
      if (to === 'cancelled') {
        await this.backfills.dropPending(db, id)
        await this.backfills.recordFeed(
          db,
          id,
          {
            cursors: backfill.cursors,
            fed: backfill.fed,
            finished: await this.backfills.finished(db, id)
          },
          now
        )
      }
      await this.backfills.setState(db, id, from, to, now)
    })
    this.events.changed(id)
    return this.get(id)
  }
}

function openConflict(webhook: string, backfill: string, state: BackfillState) {
  return conflict(
    `Webhook "${webhook}" already has a backfill ${state} (${backfill}): resume or cancel it ` +
      'before starting another.'
  )
}
