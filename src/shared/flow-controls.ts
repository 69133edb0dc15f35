import { z } from 'zod'

/**
 * A webhook's flow controls (issue 21), as the contract accepts them and screens describe them:
 * a rate limit (deliveries per second, spaced evenly, and requests in flight), delivery in order
 * per record, and the hold (see the `webhooks.hold` method). How the worker applies them is in
 * src/main/core/delivery/flow-controls.ts.
 */

/** Slowest and fastest limits: one delivery a minute to a thousand a second. */
export const MIN_RATE_PER_SECOND = 1 / 60
export const MAX_RATE_PER_SECOND = 1000
export const MAX_IN_FLIGHT = 100

/** `null` removes the limit. */
export const ratePerSecond = z
  .number({ error: 'must be a number of deliveries per second' })
  .min(MIN_RATE_PER_SECOND, 'must be at least one delivery a minute (0.0167 per second)')
  .max(MAX_RATE_PER_SECOND, `must be at most ${MAX_RATE_PER_SECOND} per second`)
  .nullable()

/** `null` removes the limit. */
export const maxInFlight = z
  .number({ error: 'must be a whole number of requests' })
  .int('must be a whole number of requests')
  .min(1, 'must be at least 1')
  .max(MAX_IN_FLIGHT, `must be at most ${MAX_IN_FLIGHT}`)
  .nullable()

export const orderedPerRecord = z.boolean()

/** The flow controls' fields of `webhooks.create` and `webhooks.update`, all optional. */
export const flowControlFields = {
  ratePerSecond: ratePerSecond.optional(),
  maxInFlight: maxInFlight.optional(),
  orderedPerRecord: orderedPerRecord.optional()
}

/** The time between two deliveries at this rate, in milliseconds (whole, at least 1). */
export function spacingMs(perSecond: number): number {
  return Math.max(1, Math.ceil(1000 / perSecond))
}

/** "10 per second", "1 every 2 seconds", "1 per minute": how screens state a rate. */
export function describeRate(perSecond: number): string {
  if (perSecond >= 1) return `${Number(perSecond.toFixed(2))} per second`
  const seconds = Math.round(1 / perSecond)
  return seconds === 60 ? '1 per minute' : `1 every ${seconds} seconds`
}
