import type { WebhookDto } from '@shared/dto'
import {
  describeRate,
  maxInFlight as maxInFlightSchema,
  ratePerSecond as ratePerSecondSchema
} from '@shared/flow-controls'
import { formatDateTime, formatShortDateTime, type DateFormatOptions } from './format'

/**
 * A webhook's flow controls in words (issue 21): the form's draft and its checks, the manager's
 * row state, the webhook page's hold panel and discard question. Pure, for the renderer tests.
 */

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

/** The form's fields as typed: text, so "0." or "" mid-typing is kept as it is. */
export interface FlowControlsDraft {
  rate: string
  inFlight: string
  ordered: boolean
}

export interface FlowControlsValues {
  ratePerSecond: number | null
  maxInFlight: number | null
  orderedPerRecord: boolean
}

/** The form's draft for a webhook, or for a new one (unlimited, any order). */
export function draftOf(webhook: WebhookDto | null): FlowControlsDraft {
  return {
    rate: webhook?.ratePerSecond == null ? '' : String(webhook.ratePerSecond),
    inFlight: webhook?.maxInFlight == null ? '' : String(webhook.maxInFlight),
    ordered: webhook?.orderedPerRecord ?? false
  }
}

/** "" → null (unlimited); "0,5" reads as 0.5; anything else not a number → NaN. */
function numberOf(text: string): number | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (!/^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(trimmed)) return Number.NaN
  return Number(trimmed.replace(',', '.'))
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1)

/** The contract's own message for a value, first letter up, or null when it is accepted. */
function problemOf(schema: typeof ratePerSecondSchema, value: number | null): string | null {
  if (value !== null && Number.isNaN(value)) return null
  const parsed = schema.safeParse(value)
  return parsed.success ? null : sentence(parsed.error.issues[0].message)
}

export interface FlowControlsProblems {
  ratePerSecond: string | null
  maxInFlight: string | null
}

/** What is wrong with the draft, by the API's field names, with the rules the API applies. */
export function draftProblems(draft: FlowControlsDraft): FlowControlsProblems {
  const rate = numberOf(draft.rate)
  const inFlight = numberOf(draft.inFlight)
  return {
    ratePerSecond:
      rate !== null && Number.isNaN(rate)
        ? 'Enter a number of deliveries per second, e.g. 2 or 0.5, or leave it empty'
        : problemOf(ratePerSecondSchema, rate),
    maxInFlight:
      inFlight !== null && Number.isNaN(inFlight)
        ? 'Enter a whole number of requests, or leave it empty'
        : problemOf(maxInFlightSchema, inFlight)
  }
}

/** The id of the form's first field with a problem (FlowControlsFields), to focus it; or null. */
export function draftProblemField(draft: FlowControlsDraft): string | null {
  const problems = draftProblems(draft)
  if (problems.ratePerSecond) return 'webhook-rate'
  if (problems.maxInFlight) return 'webhook-in-flight'
  return null
}

/** The values to send: null for a cleared field, so an update removes the limit. */
export function draftValues(draft: FlowControlsDraft): FlowControlsValues {
  return {
    ratePerSecond: numberOf(draft.rate),
    maxInFlight: numberOf(draft.inFlight),
    orderedPerRecord: draft.ordered
  }
}

/** What the typed rate means, under the field: "= 1 every 2 seconds", or unlimited. */
export function rateHint(draft: FlowControlsDraft): string {
  const rate = numberOf(draft.rate)
  if (rate === null) return 'Empty: as fast as the receiver answers. Decimals allowed.'
  if (Number.isNaN(rate) || draftProblems(draft).ratePerSecond) return ''
  return `At most ${describeRate(rate)}, spaced evenly. Waiting deliveries are not failures.`
}

/** "2 per second, 4 in flight", for the settings summary and the row's story. */
export function limitsText(webhook: WebhookDto): string {
  const parts: string[] = []
  if (webhook.ratePerSecond !== null) parts.push(describeRate(webhook.ratePerSecond))
  if (webhook.maxInFlight !== null)
    parts.push(`at most ${plural(webhook.maxInFlight, 'request')} in flight`)
  if (parts.length === 0) return 'Unlimited'
  return sentence(parts.join(', '))
}

export function orderingText(webhook: WebhookDto): string {
  return webhook.orderedPerRecord
    ? "In order per record: a failing delivery holds that record's later ones until it succeeds or exhausts its retries"
    : 'Any order: deliveries go out side by side'
}

/** The state a manager row shows beside its health, when flow controls hold anything back. */
export interface FlowStateText {
  label: 'On hold' | 'Rate limited'
  severity: 'info' | 'warn'
  /** The short line: "3 waiting since 4 Dec, 10:02:11". */
  detail: string
  /** The whole story, for a tooltip and screen readers. */
  summary: string
}

export function flowStateText(
  webhook: WebhookDto,
  options: DateFormatOptions = {}
): FlowStateText | null {
  const { flow } = webhook
  if (webhook.heldSince !== null) {
    const since = formatShortDateTime(webhook.heldSince, options)
    return {
      label: 'On hold',
      severity: 'info',
      detail: flow.held > 0 ? `${flow.held} waiting since ${since}` : `Since ${since}`,
      summary: `${heldText(webhook, options)} Nothing is sent until it is resumed.`
    }
  }
  if (flow.waitingForLimit > 0) {
    return {
      label: 'Rate limited',
      severity: 'warn',
      detail: `${flow.waitingForLimit} waiting`,
      summary:
        `Rate limited (${limitsText(webhook).toLowerCase()}): ` +
        `${plural(flow.waitingForLimit, 'delivery', 'deliveries')} wait their turn; waiting is not a failure.`
    }
  }
  return null
}

/** "On hold since …: 3 deliveries waiting (oldest queued …)." — the webhook page's panel. */
export function heldText(webhook: WebhookDto, options: DateFormatOptions = {}): string {
  const since = formatDateTime(webhook.heldSince, options)
  const { held, oldestHeldAt } = webhook.flow
  if (held === 0) return `On hold since ${since}: no deliveries waiting.`
  return (
    `On hold since ${since}: ${plural(held, 'delivery', 'deliveries')} waiting ` +
    `(oldest queued ${formatDateTime(oldestHeldAt, options)}).`
  )
}

/** The confirmation before discarding what a held webhook has queued. */
export function discardQuestion(count: number): { header: string; message: string } {
  return {
    header: `Discard ${plural(count, 'held delivery', 'held deliveries')}?`,
    message:
      `${count === 1 ? 'It is' : 'They are'} not sent. Each is logged as discarded, and can be ` +
      'redelivered from the delivery log.'
  }
}

export function discardedOutcome(count: number): string {
  return count === 0
    ? 'Nothing was waiting to discard'
    : `${plural(count, 'held delivery', 'held deliveries')} discarded; see the delivery log`
}
