import type { LogStatusFilter, MessageStateFilter } from '@shared/api-contract'
import { formatDateTime } from './format'
import type { LogSearchField, LogViewQuery } from './log-query'

/** What the log's filter controls call each choice; the chips of active filters say the same. */
export const logStatusLabels: Record<LogStatusFilter, string> = {
  success: 'Succeeded (2xx)',
  failure: 'Failed (not 2xx)',
  '2xx': '2xx',
  '3xx': '3xx redirects',
  '4xx': '4xx client errors',
  '5xx': '5xx server errors',
  network: 'Network errors'
}

export const messageStateLabels: Record<MessageStateFilter, string> = {
  pending: 'Not attempted yet',
  retrying: 'Waiting for a retry',
  succeeded: 'Delivered',
  failed: 'Failed (retries exhausted)'
}

export const logSearchFieldLabels: Record<LogSearchField, string> = {
  text: 'Body text',
  messageId: 'webhook-id',
  record: 'Record id'
}

/** One active filter of the log, as a chip: "From: 4 Dec 2026, 14:00:00 UTC". */
export interface LogFilterChip {
  /** Which filter (also the chip's `data-filter`). */
  key: 'status' | 'state' | 'event' | 'webhook' | 'search' | 'from' | 'to'
  name: string
  value: string
  /** The query change that removes this filter alone. */
  clear: Partial<LogViewQuery>
}

/**
 * The filters a log view applies, in the order of the filter bar. The view switch is not a
 * filter: both views show every delivery until filtered.
 */
export function logFilterChips(
  query: LogViewQuery,
  webhookName: (id: number) => string | undefined
): LogFilterChip[] {
  const chips: LogFilterChip[] = []
  if (query.view === 'attempts' && query.status)
    chips.push({
      key: 'status',
      name: 'Status',
      value: logStatusLabels[query.status],
      clear: { status: undefined }
    })
  if (query.view === 'messages' && query.state)
    chips.push({
      key: 'state',
      name: 'State',
      value: messageStateLabels[query.state],
      clear: { state: undefined }
    })
  if (query.event)
    chips.push({ key: 'event', name: 'Event', value: query.event, clear: { event: undefined } })
  if (query.webhookId)
    chips.push({
      key: 'webhook',
      name: 'Webhook',
      // A webhook deleted since the link was made still filters; say which one it was.
      value: webhookName(query.webhookId) ?? `#${query.webhookId}`,
      clear: { webhookId: undefined }
    })
  if (query.search)
    chips.push({
      key: 'search',
      name: logSearchFieldLabels[query.searchIn ?? 'text'],
      value: `“${query.search}”`,
      clear: { search: undefined, searchIn: undefined }
    })
  if (query.from)
    chips.push({
      key: 'from',
      name: 'From',
      value: formatDateTime(query.from),
      clear: { from: undefined }
    })
  if (query.to)
    chips.push({ key: 'to', name: 'To', value: formatDateTime(query.to), clear: { to: undefined } })
  return chips
}

/** The query with every filter removed: same view, everything shown. */
export function withoutFilters(query: LogViewQuery): LogViewQuery {
  return { view: query.view }
}
