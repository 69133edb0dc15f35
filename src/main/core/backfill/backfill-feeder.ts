import type { Knex } from 'knex'
import type { BackfillDto } from '@shared/backfill'
import { eventName } from '@shared/entity-catalog'
import type { LogSummaryDto } from '@shared/dto'
import { AccountRepository } from '../account/account.repository'
import type { Clock } from '../support/clock'
import { giveWayToOperatorWrites } from '../support/operator-writes'
import { inTransaction } from '../support/transaction'
import { BackfillRecords, selectionOf } from './backfill-records'
import { queueRecords, type FeedContext } from './backfill-rows'
import { backfillWebhook } from './backfill-webhook'
import {
  BackfillRepository,
  backfillDto,
  type BackfillRecord,
  type IdsByType,
  type RowCounts
} from './backfill.repository'
import { ProgressThrottle } from './progress-throttle'

export interface FeederOptions {
  db: Knex
  clock: Clock
  /**
   * A backfill's rows in the outbox at most (pending, retries waiting included, or leased): the
   * most a live delivery can find queued ahead of it. Default: twice the worker's concurrency.
   */
  window: number
  maxPayloadBytes: number
  /** Rows were queued (after the commit): the worker should look. */
  deliveriesDue: () => void
  onLog: (log: LogSummaryDto) => void
  onProgress: (backfill: BackfillDto) => void
  onError: (error: unknown) => void
  /** Between passes while a backfill is open and nothing signalled (default 500 ms). */
  busyPollMs?: number
  /** Between looks for a backfill another process opened (default 5 s). */
  idlePollMs?: number
}

/** Rows read at most per type and pass while conditions skip records (SCAN_ROWS each). */
const SCANS_PER_PASS = 8

/**
 * Feeds running backfills into the outbox without starving live deliveries: each backfill keeps
 * at most `window` rows unfinished, and is topped up when they finish (the core calls `soon` for
 * every attempt it logs; a poll covers attempts other processes make). The rows are ordinary
 * outbox rows of that one webhook, due when fed, so the worker claims them in due order with live
 * rows, under the webhook's retry schedule, hold, limits and order; a live save never waits
 * behind more than the window. One transaction per pass and backfill writes the events, the rows
 * and the moved cursors together: a crash loses all three or none, so no record is fed twice.
 */
export class BackfillFeeder {
  private readonly backfills = new BackfillRepository()
  private readonly records = new BackfillRecords()
  private readonly accounts = new AccountRepository()
  private readonly progress: ProgressThrottle
  /** Rows each backfill left unfinished after the last pass: fewer now means some finished. */
  private readonly lastLeft = new Map<number, number>()
  /**
   * Backfills that ended with rows still in the outbox (cancel keeps the leased ones; a failed
   * one keeps what it queued): their counts are still read and pushed until those rows finish.
   */
  private readonly settling = new Set<number>()
  private running: Promise<void> | null = null
  private again = false
  private open = false
  private stopped = false
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly options: FeederOptions) {
    this.progress = new ProgressThrottle(options.onProgress, (id) => this.read(id))
  }

  /** Starts feeding: backfills still running from before a restart go on from their cursors. */
  start(): void {
    this.stopped = false
    this.soon(true)
  }

  /** A pass soon; `opened`: a backfill was started or resumed, so there is work even if idle. */
  soon(opened = false): void {
    if (this.stopped || (!opened && !this.open)) return
    if (opened) this.open = true
    if (this.running) {
      this.again = true
      return
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.running = this.loop().finally(() => (this.running = null))
  }

  /**
   * A state changed outside the feeder (the API): pushed at once, and looked at by the next
   * passes (a cancelled backfill until its rows on the wire have finished).
   */
  changed(id: number): void {
    void this.progress.changed(id, true).catch(this.options.onError)
    this.settling.add(id)
    this.soon(true)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.progress.stop()
    await this.running
  }

  private async loop(): Promise<void> {
    do {
      this.again = false
      try {
        await this.feedOnce()
      } catch (error) {
        this.options.onError(error)
      }
    } while (this.again && !this.stopped)
    if (this.stopped) return
    const wait = this.open ? (this.options.busyPollMs ?? 500) : (this.options.idlePollMs ?? 5_000)
    this.timer = setTimeout(() => {
      this.timer = null
      this.soon(true)
    }, wait)
    this.timer.unref()
  }

  /** One pass over every open backfill (tests call it to step without timers). */
  async feedOnce(): Promise<void> {
    const open = await this.backfills.openIds(this.options.db)
    const ids = [...new Set([...open, ...this.settling])]
    this.open = ids.length > 0
    for (const id of ids) if (!this.stopped) await this.feed(id)
  }

  private async read(id: number): Promise<BackfillDto | null> {
    const record = await this.backfills.find(this.options.db, id)
    return record ? backfillDto(record) : null
  }

  private async feed(id: number): Promise<void> {
    const { db, clock } = this.options
    await giveWayToOperatorWrites(db, false)
    const outcome = await inTransaction(
      db,
      async (unit) => {
        const backfill = await this.backfills.lock(unit.db, id, true)
        if (!backfill) {
          this.settling.delete(id)
          return null
        }
        const now = clock.now()
        if (backfill.state !== 'running' && backfill.state !== 'paused')
          return this.settle(unit.db, backfill, now)
        this.settling.delete(id)
        const unfinished = await this.backfills.unfinished(unit.db, id)
        const fed =
          backfill.state === 'running'
            ? await this.topUp(unit.db, backfill, this.options.window - unfinished, now)
            : { cursors: backfill.cursors, queued: 0, refused: [], failure: null }
        if (fed.failure) {
          await this.backfills.setState(unit.db, id, ['running'], 'failed', now, fed.failure)
          this.settling.add(id)
          return { fed, changed: true, final: true }
        }
        const left = unfinished + fed.queued
        const done = backfill.state === 'running' && exhausted(backfill, fed.cursors) && left === 0
        // The finished counts walk the backfill's finished rows: only when some finished since
        // the last pass (a paused or held backfill is looked at every poll and costs nothing).
        const someFinished = unfinished !== this.lastLeft.get(id)
        const report = done || (someFinished && this.progress.due(id))
        // Not reported yet (throttled): the next pass must still see that some finished.
        this.lastLeft.set(id, report || !someFinished ? left : -1)
        const finished: RowCounts | null = report
          ? await this.backfills.finished(unit.db, id)
          : null
        const total = backfill.fed + fed.queued + fed.refused.length
        const moved =
          finished !== null ||
          total !== backfill.fed ||
          JSON.stringify(fed.cursors) !== JSON.stringify(backfill.cursors)
        if (moved)
          await this.backfills.recordFeed(
            unit.db,
            id,
            { cursors: fed.cursors, fed: total, finished },
            now
          )
        if (done) await this.backfills.setState(unit.db, id, ['running'], 'finished', now)
        const changed =
          done ||
          total !== backfill.fed ||
          (finished !== null &&
            (finished.succeeded !== backfill.delivered || finished.failed !== backfill.failed))
        return { fed, changed, final: done }
      },
      { background: true }
    )
    if (!outcome) return
    if (outcome.fed.queued > 0) this.options.deliveriesDue()
    for (const log of outcome.fed.refused) this.options.onLog(log)
    if (outcome.changed) await this.progress.changed(id, outcome.final)
  }

  /**
   * An ended backfill with rows still out: their outcomes are counted (stored, so they outlive
   * the outbox's retention) and pushed, throttled like an open one's, the last one at once.
   */
  private async settle(db: Knex.Transaction, backfill: BackfillRecord, now: number) {
    const fed = { queued: 0, refused: [] as LogSummaryDto[] }
    const unfinished = await this.backfills.unfinished(db, backfill.id)
    if (unfinished === 0) this.settling.delete(backfill.id)
    const someFinished = unfinished !== this.lastLeft.get(backfill.id)
    const report = someFinished && (unfinished === 0 || this.progress.due(backfill.id))
    this.lastLeft.set(backfill.id, report || !someFinished ? unfinished : -1)
    if (!report) return { fed, changed: false, final: false }
    const finished = await this.backfills.finished(db, backfill.id)
    if (finished.succeeded === backfill.delivered && finished.failed === backfill.failed)
      return { fed, changed: false, final: false }
    await this.backfills.recordFeed(
      db,
      backfill.id,
      { cursors: backfill.cursors, fed: backfill.fed, finished },
      now
    )
    return { fed, changed: true, final: unfinished === 0 }
  }

  /** Queues up to `room` more records, type after type from the cursors. */
  private async topUp(db: Knex.Transaction, backfill: BackfillRecord, room: number, now: number) {
    const cursors: IdsByType = { ...backfill.cursors }
    const result = {
      cursors,
      queued: 0,
      refused: [] as LogSummaryDto[],
      failure: null as string | null
    }
    if (room <= 0 || exhausted(backfill, cursors)) return result
    const webhook = await backfillWebhook(db, backfill.webhookId)
    if (!webhook) return result
    const context: FeedContext = {
      backfill,
      webhook,
      account: await this.accounts.get(db),
      now,
      maxPayloadBytes: this.options.maxPayloadBytes
    }
    let scans = 0
    for (const type of backfill.types) {
      const until = backfill.until[type] ?? 0
      const selection = selectionOf(backfill, webhook, type)
      if ((cursors[type] ?? 0) < until && selection === null) {
        result.failure = `The webhook no longer subscribes to ${eventName(type, 'updated')}.`
        return result
      }
      while ((cursors[type] ?? 0) < until && room > 0 && scans++ < SCANS_PER_PASS) {
        const next = await this.records.next(db, type, selection!, cursors[type] ?? 0, until, room)
        cursors[type] = next.done ? until : next.last
        if (next.records.length === 0) continue
        const entities = await this.records.serialize(db, type, next.records)
        const refused = await queueRecords(db, type, entities, context)
        result.refused.push(...refused)
        result.queued += next.records.length - refused.length
        room -= next.records.length
      }
      if (room <= 0 || scans >= SCANS_PER_PASS) break
    }
    if (result.queued + result.refused.length === 0 && !exhausted(backfill, cursors))
      // Conditions skipped a whole scan budget: look again at once rather than at the next poll.
      this.again = true
    return result
  }
}

/** Every type's cursor reached where its walk ends. */
function exhausted(backfill: BackfillRecord, cursors: IdsByType): boolean {
  return backfill.types.every((type) => (cursors[type] ?? 0) >= (backfill.until[type] ?? 0))
}
