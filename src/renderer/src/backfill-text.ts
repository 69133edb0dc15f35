import { OPEN_BACKFILL_STATES, type BackfillDto, type BackfillState } from '@shared/backfill'
import type { WebhookDto } from '@shared/dto'
import {
  entityLabel,
  eventName,
  parseEventName,
  recordTypes,
  type RecordType
} from '@shared/entity-catalog'
import { describeFilter } from '@shared/webhook-filters'
import { formatDateTime } from './format'

/**
 * "Send current state…" in words and the dialog's choices, pure: the dialog, the row's compact
 * progress and the page's panel read the same sentences (test/renderer/backfill-text.test.ts).
 */

/** A record type the webhook hears some event of, as the dialog offers it. */
export interface BackfillTypeChoice {
  type: RecordType
  label: string
  /**
   * A backfill sends each record as `<type>.updated`, so the core refuses a type whose updated
   * event the webhook does not hear: offered disabled, with the reason.
   */
  sendable: boolean
  /** The webhook's own conditions on `<type>.updated` in words; null when it has none. */
  conditions: string | null
}

/** The types the webhook hears, in the catalog's order; the app's own events are not records. */
export function backfillTypeChoices(webhook: Pick<WebhookDto, 'events' | 'filters'>) {
  const heard = new Set(webhook.events.map((event) => parseEventName(event).type))
  return recordTypes
    .filter((type) => heard.has(type))
    .map((type): BackfillTypeChoice => {
      const updated = eventName(type, 'updated')
      const conditions = webhook.filters[updated]?.conditions
      return {
        type,
        label: entityLabel(type),
        sendable: webhook.events.includes(updated),
        conditions: conditions?.length ? describeFilter(updated, { conditions }) : null
      }
    })
}

/** What the dialog starts with: every type it can send (the ones its events subscribe to). */
export function defaultBackfillTypes(choices: readonly BackfillTypeChoice[]): RecordType[] {
  return choices.filter((choice) => choice.sendable).map((choice) => choice.type)
}

/** Why a type cannot be chosen, beside it in the dialog. */
export function unsendableText(type: RecordType): string {
  return `It hears no ${eventName(type, 'updated')}; add that event to send ${entityLabel(type).toLowerCase()} records.`
}

export function isOpen(backfill: Pick<BackfillDto, 'state'>): boolean {
  return OPEN_BACKFILL_STATES.includes(backfill.state)
}

export const backfillStateLabels: Record<BackfillState, string> = {
  running: 'Sending',
  paused: 'Paused',
  finished: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Failed'
}

export const backfillStateSeverities: Record<
  BackfillState,
  'info' | 'warn' | 'success' | 'danger' | 'secondary'
> = {
  running: 'info',
  paused: 'warn',
  finished: 'success',
  cancelled: 'secondary',
  failed: 'danger'
}

/** The share of the records whose delivery has ended (delivered, or failed after every retry). */
export function backfillPercent(backfill: BackfillDto): number {
  if (backfill.total === 0) return isOpen(backfill) ? 0 : 100
  return Math.min(100, Math.round(((backfill.delivered + backfill.failed) / backfill.total) * 100))
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count} ${count === 1 ? one : many}`

/** "120 of 500 sent · 98 delivered · 2 failed": the counts, the same in every state. */
export function backfillCountsText(backfill: BackfillDto): string {
  return `${backfill.fed} of ${backfill.total} sent · ${backfill.delivered} delivered · ${backfill.failed} failed`
}

/** Which records of which types, as the operator chose them. */
export function backfillSelectionText(backfill: Pick<BackfillDto, 'types' | 'match' | 'search'>) {
  const types = backfill.types.map((type) => entityLabel(type).toLowerCase()).join(', ')
  if (backfill.match === 'search') return `${types} records matching “${backfill.search ?? ''}”`
  if (backfill.match === 'conditions') return `${types} records matching its conditions`
  return `every ${types} record`
}

/**
 * The one sentence of where a backfill stands: what it does now and what is left, or how it
 * ended. Paused says what still happens (rows already queued finish), since the counts move.
 */
export function backfillStatusText(backfill: BackfillDto): string {
  const counts = backfillCountsText(backfill)
  switch (backfill.state) {
    case 'running':
      return `Sending the current state: ${counts}`
    case 'paused':
      return `Paused (messages already queued still go out): ${counts}`
    case 'finished':
      return backfill.total === 0
        ? 'Finished: no record matched, nothing was sent'
        : `Finished ${formatDateTime(backfill.finishedAt)}: ${plural(backfill.delivered, 'record')} delivered, ${backfill.failed} failed after every retry`
    case 'cancelled':
      return `Cancelled ${formatDateTime(backfill.finishedAt)}: ${counts}`
    case 'failed':
      return `Failed ${formatDateTime(backfill.finishedAt)}: ${backfill.reason ?? 'feeding could not go on'} ${counts}`
  }
}

/** The toast after Start. */
export function backfillStartedText(backfill: BackfillDto, webhookName: string): string {
  return backfill.total === 0
    ? `No record matched: nothing to send to ${webhookName}`
    : `Sending the current state of ${plural(backfill.total, 'record')} to ${webhookName}`
}

/** The question before Cancel: what goes, what stays. */
export function cancelBackfillQuestion(backfill: BackfillDto): { header: string; message: string } {
  const left = Math.max(0, backfill.total - backfill.fed)
  return {
    header: 'Cancel sending the current state?',
    message:
      `${plural(left, 'record')} not sent yet will not be sent, and messages waiting in the queue ` +
      'are dropped. What was delivered stays delivered; a cancelled backfill cannot be resumed.'
  }
}
