import { Counter, Histogram, type Registry } from 'prom-client'
import type { DeliveryErrorClass, LogSummaryDto } from '@shared/dto'
import { isSuccessStatus } from '@shared/http-status'

/**
 * Webhook latency runs from a few milliseconds (a receiver on the same network) to the 30 s an
 * attempt may take at most before it times out; beyond that nothing is measured.
 */
export const ATTEMPT_DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
] as const

/**
 * Log entries that record a delivery that never went on the wire: the operator discarded it while
 * its webhook was on hold, or its body was over the limit. They are no attempt of a receiver.
 */
const NEVER_SENT: ReadonlySet<DeliveryErrorClass> = new Set(['discarded', 'too_large'])

/** What this process sent, counted from the log entries it wrote (one per attempt). */
export class AttemptMetrics {
  private readonly attempts: Counter<'outcome' | 'event' | 'error_class'>
  private readonly duration: Histogram<'outcome'>
  private readonly testSends: Counter<'outcome'>

  constructor(registry: Registry) {
    this.attempts = new Counter({
      name: 'pim_delivery_attempts_total',
      help: 'Delivery attempts this process made (worker and redeliveries; test sends excluded), by outcome, event and error class ("none" on success)',
      labelNames: ['outcome', 'event', 'error_class'],
      registers: [registry]
    })
    this.duration = new Histogram({
      name: 'pim_delivery_attempt_duration_seconds',
      help: 'How long delivery attempts took, from sending to the answer or the error (test sends excluded)',
      labelNames: ['outcome'],
      buckets: [...ATTEMPT_DURATION_BUCKETS],
      registers: [registry]
    })
    // Operators press "Send test event" while setting a receiver up; counting those with the
    // traffic would make an alert on the failure rate fire for a receiver that is not live yet.
    this.testSends = new Counter({
      name: 'pim_webhook_test_sends_total',
      help: 'Test sends ("Send test event") this process made, by outcome',
      labelNames: ['outcome'],
      registers: [registry]
    })
  }

  /** One log entry this process wrote; entries of deliveries never sent are not attempts. */
  logged(log: LogSummaryDto): void {
    if (log.errorClass !== null && NEVER_SENT.has(log.errorClass)) return
    const outcome = isSuccessStatus(log.responseStatus) ? 'success' : 'failure'
    if (log.test) {
      this.testSends.inc({ outcome })
      return
    }
    this.attempts.inc({ outcome, event: log.event, error_class: log.errorClass ?? 'none' })
    this.duration.observe({ outcome }, log.responseTimeMs / 1000)
  }
}
