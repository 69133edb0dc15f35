import { Gauge, Registry } from 'prom-client'
import type { LogSummaryDto } from '@shared/dto'
import type { Db } from '../db/knex-factory'
import type { Clock } from '../support/clock'
import { AttemptMetrics } from './attempt-metrics'
import { HealthGauge, type HealthReader } from './health-gauge'
import { outboxFigures } from './outbox-figures'

export interface MetricsSources {
  db: Db
  clock: Clock
  /** Attempts this process's worker has on the wire now. */
  attemptsInFlight(): number
  health: HealthReader
  /** Test hook: how long a health verdict is kept (default HEALTH_REFRESH_MS). */
  healthRefreshMs?: number
}

export interface Scrape {
  contentType: string
  text: string
}

/**
 * One core's Prometheus metrics, on a registry of its own (never prom-client's global one: two
 * cores in one process, as in tests, would register the same names twice). Counters are fed as
 * attempts are logged; the outbox and health gauges are read from the database when scraped.
 */
export class CoreMetrics {
  /** The shell that exposes it may add process metrics (collectDefaultMetrics) here. */
  readonly registry = new Registry()
  private readonly attempts: AttemptMetrics
  private readonly health: HealthGauge
  private readonly waiting: Gauge<'state'>
  private readonly oldestAge: Gauge
  private readonly held: Gauge

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry]
    this.attempts = new AttemptMetrics(this.registry)
    this.health = new HealthGauge(this.registry, sources.health, sources.healthRefreshMs)
    this.waiting = new Gauge({
      name: 'pim_deliveries_waiting',
      help: 'Deliveries waiting to be sent (held ones included), due now or scheduled for a later retry; the same on every process of one database',
      labelNames: ['state'],
      registers
    })
    this.oldestAge = new Gauge({
      name: 'pim_delivery_oldest_waiting_age_seconds',
      help: 'Age of the oldest delivery waiting for an active webhook not on hold (0 when none waits)',
      registers
    })
    this.held = new Gauge({
      name: 'pim_deliveries_held',
      help: 'Deliveries waiting because their webhook is on hold',
      registers
    })
    new Gauge({
      name: 'pim_worker_attempts_in_flight',
      help: "Attempts this process's delivery worker has on the wire",
      registers,
      collect() {
        this.set(sources.attemptsInFlight())
      }
    })
  }

  /** A log entry this process wrote (an attempt, a test send, a discarded or refused delivery). */
  logged(log: LogSummaryDto): void {
    this.attempts.logged(log)
  }

  /** Reads the database-wide figures, then renders every metric in the text format. */
  async scrape(): Promise<Scrape> {
    const { db, clock } = this.sources
    const now = clock.now()
    const figures = await outboxFigures(db, now)
    this.waiting.set({ state: 'due' }, figures.due)
    this.waiting.set({ state: 'scheduled' }, figures.scheduled)
    this.held.set(figures.held)
    this.oldestAge.set(
      figures.oldestWaitingAt === null ? 0 : Math.max(0, now - figures.oldestWaitingAt) / 1000
    )
    await this.health.refresh(db, figures.webhooks, now)
    return { contentType: this.registry.contentType, text: await this.registry.metrics() }
  }
}
