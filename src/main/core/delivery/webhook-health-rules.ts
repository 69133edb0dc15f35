import type { DeliveryStatus } from '@shared/dto'
import { readableUtc } from '../support/clock'

/**
 * What a finished attempt means for its webhook's standing. Pure; the worker applies it.
 * - `recovered`: a delivery got through, so any failure streak ends;
 * - `gone`: the receiver answered 410 Gone and asked for no more deliveries: disable at once;
 * - `exhausted`: a delivery used up every retry, so the streak grows (and may disable it);
 * - `none`: a retry is still scheduled, nothing to record yet.
 */
export type HealthEffect = 'recovered' | 'gone' | 'exhausted' | 'none'

export function healthEffect(httpStatus: number, deliveryStatus: DeliveryStatus): HealthEffect {
  if (deliveryStatus === 'succeeded') return 'recovered'
  if (httpStatus === 410) return 'gone'
  return deliveryStatus === 'failed' ? 'exhausted' : 'none'
}

export const GONE_REASON = 'The receiver answered 410 Gone: it asked for no more deliveries.'

export interface AutoDisableLimits {
  autoDisableAfterFailures: number
  autoDisableAfterDays: number
}

/**
 * Why a webhook whose deliveries keep exhausting their retries is switched off now, or null while
 * it stays within the limits (so many in a row, or failing for so long).
 */
export function autoDisableReason(
  streak: { count: number; failingSince: number },
  now: number,
  limits: AutoDisableLimits
): string | null {
  const tooMany = streak.count >= limits.autoDisableAfterFailures
  const tooLong = now - streak.failingSince >= limits.autoDisableAfterDays * 86_400_000
  if (!tooMany && !tooLong) return null
  return (
    `Automatically, after ${streak.count} deliver${streak.count === 1 ? 'y' : 'ies'} in a row failed ` +
    `every retry (failing since ${readableUtc(streak.failingSince)}).`
  )
}
