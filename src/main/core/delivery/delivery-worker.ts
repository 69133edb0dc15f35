import type { Knex } from 'knex'
import { dialectOf } from '../db/knex-factory'
import type { LogSummaryDto } from '@shared/dto'
import { giveWayToOperatorWrites, operatorWroteWithin } from '../support/operator-writes'
import { inTransaction } from '../support/transaction'
import { attemptOutcome } from './attempt-outcome'
import type { DeliveryTarget, DeliveryTargets } from './delivery-targets'
import { performAttempt, queuedMessage, type AttemptSettings } from './delivery-attempt'
import { recordFinished, type FinishedAttempt } from './finished-attempts'
import { OutboxRepository, type DeliveryRow } from './outbox.repository'
import { FAN_OUT_ROWS_PER_PASS, queueFanOuts, type FanOutPass } from './queued-fan-outs'
import { claimLimited, type LimitedClaim } from './limited-claims'
import { RatePacer } from './rate-pacer'

export interface DeliveryWorkerOptions extends AttemptSettings {
  db: Knex
  concurrency: number
  retrySchedule: readonly number[]
  /** Where claimed rows go and the secrets they are signed with; shared with the services. */
  targets: DeliveryTargets
  random?: () => number
  onLog?: (log: LogSummaryDto) => void
  /** The worker changed a webhook by itself (disabled it after 410 Gone). */
  onWebhookChanged?: (webhookId: number) => void
  /** A pass wrote the outbox rows of saved events: what waits has grown. */
  onQueued?: () => void
  onError?: (error: unknown) => void
}

/** Longest a timer sleeps even when nothing is due, as a safety net against missed wakes. */
const MAX_IDLE_MS = 60_000

interface Claimed {
  delivery: DeliveryRow
  target: DeliveryTarget
}

/**
 * Rows claimed per slot: one on the wire and the rest waiting in memory. On SQLite (one worker
 * per database) deep enough that the slots stay busy while a group commit runs, so one commit
 * records many attempts (measured: 2 rounds gave groups of 8 and 1.42 ms of CPU per delivery,
 * 8 rounds groups of about 30 and 0.92 ms, 16 no better). On PostgreSQL several workers share the
 * outbox and rows one holds in memory are rows another cannot send: 8 rounds took one worker from
 * 308 to 582 deliveries/s but three together to 358–415/s, slower than one; 2 rounds keep them
 * scaling (422/s, 1.37 × one). The cost of depth: a crash repeats the attempts that finished but
 * were not yet recorded, at most this many per slot.
 */
export const PREFETCH_ROUNDS = { sqlite: 8, postgres: 2 } as const

/**
 * While the operator is saving (a write in the last `OPERATOR_AT_WORK_MS`), group commits stay
 * small: a save that arrives behind one waits for all of it. Attempts recorded and outbox rows
 * queued per commit then; the rest follow in the next ones.
 */
const OPERATOR_AT_WORK_MS = 1_000
const SMALL_GROUP_ATTEMPTS = 16
const SMALL_GROUP_FAN_OUT_ROWS = 100

/** A held lease shorter than this (plus the attempt timeout) is renewed by the next commit. */
const LEASE_RENEW_MARGIN_MS = 15_000

/**
 * Drains the outbox. Up to `concurrency` attempts are on the wire at once, and up to
 * `PREFETCH_ROUNDS - 1` times as many rows (per database) wait claimed in memory, so a finished
 * attempt's slot is refilled at once instead of after the next commit. Rows claimed for a free
 * slot are `delivering` (on the wire) when the claim commits; prefetched ones are `claimed` and
 * become `delivering` in the first commit after they took a slot. Finished attempts collect in
 * memory and one write transaction (group commit) writes the outbox rows of new saves, records
 * all of them — log rows, outbox outcomes, webhook health — and claims rows for the places they
 * freed. Entity saves only wake it (`wake`, `fanOutsQueued`); they never wait for it.
 *
 * Leases: a row waits in memory for several attempts in every slot, which a slow receiver can
 * make longer than one lease (total timeout + 30 s). Every commit renews the leases of the rows
 * the worker holds (queued or on the wire) that would end within an attempt's timeout, so no
 * other worker (nor this one's own claim of run-out leases) takes a row that is still held.
 */
export class DeliveryWorker {
  private readonly deliveries = new OutboxRepository()
  /** Claimed (leased) rows about to take their slot. */
  private queue: Claimed[] = []
  /** Rows of limited webhooks waiting for their slot time (`claimLimited`'s `sendAt`). */
  private readonly pacer: RatePacer<Claimed>
  /** Attempts on the wire. */
  private readonly inFlight = new Set<Promise<void>>()
  /** Attempts that are over but not yet recorded. */
  private finished: FinishedAttempt[] = []
  /** Prefetched (`claimed`) rows that took a slot: the next commit marks them `delivering`. */
  private claimedOnWire = new Set<number>()
  /** Every row this worker holds a lease on (queued or on the wire) and when that lease ends. */
  private readonly leases = new Map<number, number>()
  private timer: NodeJS.Timeout | null = null
  private pumping: Promise<void> | null = null
  private pumpAgain = false
  private running = false
  /** The operator paused all delivery here (`setPaused`): nothing new is claimed. */
  private paused = false
  /** Saved events may wait for their outbox rows (`queueFanOuts`): the next pass looks. */
  private fanOutsWaiting = true
  /**
   * When a rate- or in-flight-limited webhook may take its next delivery (`claimLimited`, which
   * also runs in every pass that claims); null when none waits.
   */
  private limitedWakeAt: number | null = 0

  /** Rows claimed per slot on this database (`PREFETCH_ROUNDS`). */
  private readonly rounds: number

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.rounds = PREFETCH_ROUNDS[dialectOf(options.db)]
    this.pacer = new RatePacer(
      (claimed) => claimed.target.id,
      (claimed) => this.running && this.launch(claimed),
      () => options.clock.now()
    )
  }

  private get leaseMs(): number {
    return this.options.settings().totalTimeoutMs + 30_000
  }

  async start(): Promise<void> {
    await this.deliveries.releaseAllLeases(this.options.db, this.options.clock.now())
    this.running = true
    this.wake()
  }

  /**
   * A save stored a list of webhooks to write outbox rows from (here, or possibly another process
   * on a shared PostgreSQL): the next pass looks for them. Other signals only `wake()`, so an
   * idle worker's pass costs no extra statement.
   */
  fanOutsQueued(): void {
    this.fanOutsWaiting = true
    this.wake()
  }

  /** Ask for a pump soon; calls while one runs coalesce into one more pass. */
  wake(): void {
    if (this.pumping) {
      this.pumpAgain = true
      return
    }
    if (!this.running && this.finished.length === 0) return
    this.pumping = this.pump().finally(() => {
      this.pumping = null
      // A wake that arrived while the next wake-up was being computed must not wait for the timer.
      if (this.pumpAgain) this.wake()
    })
  }

  /**
   * Stop claiming; hand queued rows back; wait up to `graceMs` for attempts on the wire, then
   * record every finished one. Unfinished ones keep their lease: on SQLite they resume on restart,
   * on PostgreSQL when the lease runs out.
   */
  async stop(graceMs = 5_000): Promise<void> {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const queued = [...this.queue.splice(0), ...this.pacer.take()]
    if (this.inFlight.size > 0) {
      let graceTimer: NodeJS.Timeout | undefined
      await Promise.race([
        Promise.allSettled([...this.inFlight]),
        new Promise((resolve) => (graceTimer = setTimeout(resolve, graceMs)))
      ])
      clearTimeout(graceTimer)
    }
    while (this.pumping) await this.pumping
    if (this.finished.length > 0) {
      this.wake()
      await this.pumping
    }
    // A pass that was running when we stopped may have claimed more: hand those back too (on a
    // shared PostgreSQL nobody else would release them before their lease runs out).
    queued.push(...this.queue.splice(0), ...this.pacer.take())
    await this.release(queued)
  }

  /**
   * A webhook went on hold: rows claimed for it that wait in memory go back to the outbox (the
   * claim skips held webhooks, so they stay there). Attempts already on the wire finish.
   */
  holdBack(webhookId: number): void {
    this.handBack((claimed) => claimed.target.id === webhookId)
  }

  /** Claimed rows that wait in memory and match go back to the outbox. */
  private handBack(matches: (claimed: Claimed) => boolean): void {
    const back = [...this.queue.filter(matches), ...this.pacer.take(matches)]
    this.queue = this.queue.filter((claimed) => !matches(claimed))
    void this.release(back)
  }

  /** Gives up this worker's lease on claimed rows that were not sent. */
  private async release(rows: Claimed[]): Promise<void> {
    if (rows.length === 0) return
    const ids = rows.map((claimed) => claimed.delivery.id)
    for (const id of ids) this.leases.delete(id)
    await this.deliveries
      .releaseLeases(this.options.db, ids, this.options.clock.now())
      .catch((error: unknown) => this.options.onError?.(error))
  }

  /**
   * Pause or resume claiming (the tray's "Pause all delivery"). Saves still write outbox rows and
   * attempts on the wire finish; rows claimed but not yet sent go back to the outbox.
   */
  setPaused(paused: boolean): void {
    this.paused = paused
    if (paused) this.handBack(() => true)
    else this.wake()
  }

  get activeAttempts(): number {
    return this.inFlight.size
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.pumpAgain = false
        for (;;) {
          // The operator's saves first: a save that finds a group commit running waits for all
          // of it. Attempts that finish meanwhile join this group. With every slot busy there is
          // a backlog, and a burst of saves is worth a short gap.
          const backlog = this.inFlight.size >= this.options.concurrency
          await giveWayToOperatorWrites(this.options.db, backlog)
          const small = operatorWroteWithin(this.options.db, OPERATOR_AT_WORK_MS)
          const done = this.finished.splice(0, small ? SMALL_GROUP_ATTEMPTS : this.finished.length)
          const { concurrency } = this.options
          const busy = this.queue.length + this.inFlight.size
          const claiming = this.running && !this.paused
          const wanted = claiming ? this.rounds * concurrency - busy : 0
          const fanOutRows = this.fanOutRowsToQueue(small)
          const limited = claiming && (wanted > 0 || this.limitedDue())
          const idle = done.length === 0 && wanted <= 0 && this.claimedOnWire.size === 0
          if (idle && fanOutRows === 0 && !limited) break
          const { claimed, sendNow } = await this.recordAndClaim(
            done,
            wanted,
            Math.max(0, concurrency - busy),
            fanOutRows,
            limited
          )
          this.queue.push(...claimed)
          for (const row of sendNow) this.pacer.add(row, row.sendAt, row.spacingMs)
          // Paused while this pass claimed: what it claimed goes back.
          if (this.paused) this.handBack(() => true)
          this.fillSlots()
          if (claimed.length < wanted && this.finished.length === 0 && !this.fanOutsWaiting) break
        }
      } while (this.pumpAgain && (this.running || this.finished.length > 0))
      await this.scheduleNextWake()
    } catch (error) {
      this.options.onError?.(error)
      if (this.running) this.armTimer(1_000)
    }
  }

  /**
   * One write transaction: the outcomes of finished attempts, prefetched rows now on the wire,
   * then the next claim (the first `onWire` rows go out as soon as it commits).
   */
  private async recordAndClaim(
    done: FinishedAttempt[],
    wanted: number,
    onWire: number,
    /** Outbox rows of new saves to write first, at most; 0: none wait. */
    fanOutRows: number,
    /** Also claim for limited webhooks (`claimLimited`): those go on the wire at once. */
    limited: boolean
  ): Promise<{ claimed: Claimed[]; sendNow: LimitedClaim['claimed'] }> {
    const now = this.options.clock.now()
    const started = [...this.claimedOnWire]
    this.claimedOnWire.clear()
    const renewing = this.leasesToRenew(now)
    let fanOuts: FanOutPass = { queued: 0, more: false, damaged: [] }
    let recorded: Awaited<ReturnType<typeof recordFinished>> = { logs: [], changedWebhooks: [] }
    let claimed: Claimed[] = []
    let sendNow: LimitedClaim['claimed'] = []
    try {
      claimed = await inTransaction(
        this.options.db,
        async (unit) => {
          // Outbox rows of new saves first, so this claim can take them at once.
          if (fanOutRows > 0) fanOuts = await queueFanOuts(unit.db, now, fanOutRows)
          if (done.length > 0)
            recorded = await recordFinished(unit.db, done, {
              settings: this.options.settings(),
              now
            })
          if (started.length > 0) await this.deliveries.markOnWire(unit.db, started, now)
          if (renewing.length > 0)
            await this.deliveries.renewLeases(unit.db, renewing, now + this.leaseMs, now)
          if (limited) {
            const pass = await claimLimited(unit.db, now, now + this.leaseMs, this.options.targets)
            sendNow = pass.claimed
            this.limitedWakeAt = pass.wakeAt
          }
          if (wanted <= 0) return []
          return this.deliveries.claimDue(
            unit.db,
            now,
            wanted,
            now + this.leaseMs,
            onWire,
            this.options.targets
          )
        },
        { background: true }
      )
    } catch (error) {
      // Nothing was written: keep the outcomes for the next pass rather than lose them.
      this.finished.unshift(...done)
      for (const id of started) this.claimedOnWire.add(id)
      throw error
    }
    if (fanOutRows > 0) this.fanOutsWaiting = fanOuts.more
    if (fanOuts.queued > 0) this.options.onQueued?.()
    for (const id of fanOuts.damaged)
      this.options.onError?.(
        new Error(`event ${id}: its list of webhooks is damaged and could not be queued`)
      )
    for (const attempt of done) this.leases.delete(attempt.deliveryId)
    for (const id of renewing) if (this.leases.has(id)) this.leases.set(id, now + this.leaseMs)
    for (const { delivery } of [...claimed, ...sendNow])
      this.leases.set(delivery.id, now + this.leaseMs)
    for (const log of recorded.logs) this.options.onLog?.(log)
    for (const id of recorded.changedWebhooks) this.options.onWebhookChanged?.(id)
    return { claimed, sendNow }
  }

  private limitedDue(): boolean {
    return this.limitedWakeAt !== null && this.limitedWakeAt <= this.options.clock.now()
  }

  /** Outbox rows of new saves the next commit writes at most; 0 when none wait. */
  private fanOutRowsToQueue(small: boolean): number {
    if (!this.running || !this.fanOutsWaiting) return 0
    return small ? SMALL_GROUP_FAN_OUT_ROWS : FAN_OUT_ROWS_PER_PASS
  }

  /** Held rows whose lease could run out before an attempt started now would end. */
  private leasesToRenew(now: number): number[] {
    const needed = now + this.options.settings().totalTimeoutMs + LEASE_RENEW_MARGIN_MS
    const renewing: number[] = []
    for (const [id, until] of this.leases) if (until < needed) renewing.push(id)
    return renewing
  }

  private fillSlots(): void {
    while (this.running && this.inFlight.size < this.options.concurrency) {
      const next = this.queue.shift()
      if (!next) return
      this.launch(next)
    }
  }

  /** Puts one claimed row on the wire (a slot's, or a limited webhook's, which takes none). */
  private launch(next: Claimed): void {
    const { id, status } = next.delivery
    if (status === 'claimed') this.claimedOnWire.add(id)
    const attempt = this.attempt(next)
      .catch((error: unknown) => this.options.onError?.(error))
      .finally(() => {
        this.claimedOnWire.delete(id)
        this.inFlight.delete(attempt)
        this.fillSlots()
        this.wake()
      })
    this.inFlight.add(attempt)
  }

  private async scheduleNextWake(): Promise<void> {
    if (!this.running || this.paused) return
    // Slots or the queue are busy: a finishing attempt wakes the pump, so a backlog must not spin it.
    const limited = this.limitedWakeAt ?? Infinity
    const now = this.options.clock.now()
    if (this.inFlight.size > 0 || this.queue.length > 0)
      return this.armTimer(Math.min(Math.max(limited - now, 0), MAX_IDLE_MS))
    const next = Math.min((await this.deliveries.nextWakeAt(this.options.db)) ?? Infinity, limited)
    this.armTimer(Math.min(Math.max(next - now, 0), MAX_IDLE_MS))
  }

  private armTimer(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.wake()
    }, delayMs)
    this.timer.unref?.()
  }

  private async attempt({ delivery, target }: Claimed): Promise<void> {
    const attempt = delivery.attempts + 1
    const { result, log } = await performAttempt(
      this.options,
      target,
      queuedMessage(delivery, target),
      attempt
    )
    const now = this.options.clock.now()
    const outcome = attemptOutcome({
      status: result.status,
      errorClass: result.errorClass,
      retryAfterHeader: result.responseHeaders['retry-after'],
      attemptsMade: attempt,
      now,
      schedule: target.retryScheduleMs ?? this.options.retrySchedule,
      random: (this.options.random ?? Math.random)(),
      replayResumeAt: delivery.replayResumeAt
    })
    this.finished.push({ deliveryId: delivery.id, target, result, log, outcome, now })
  }
}
