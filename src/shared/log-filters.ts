import type { ApiParsed, LogStatusFilter } from './api-contract'
import type { LogSummaryDto } from './dto'
import { isSuccessStatus, SUCCESS_STATUS_RANGE } from './http-status'

/** Inclusive status ranges of each filter class except `failure` (anything outside 2xx). */
export const STATUS_RANGES: Record<Exclude<LogStatusFilter, 'failure'>, [number, number]> = {
  success: [...SUCCESS_STATUS_RANGE],
  '2xx': [...SUCCESS_STATUS_RANGE],
  '3xx': [300, 399],
  '4xx': [400, 499],
  '5xx': [500, 599],
  network: [0, 0]
}

/** What the log's attempt view selects: `logs.list` without the app, the paging and one delivery. */
export type LogFilter = Omit<ApiParsed<'logs.list'>, 'appId' | 'cursor' | 'limit' | 'deliveryId'>

/** What the log's message view selects: `logs.messages` without the app and the paging. */
export type MessageFilter = Omit<ApiParsed<'logs.messages'>, 'appId' | 'cursor' | 'limit'>

export function statusMatches(status: number, filter: LogStatusFilter | undefined): boolean {
  if (!filter) return true
  if (filter === 'failure') return !isSuccessStatus(status)
  const [low, high] = STATUS_RANGES[filter]
  return status >= low && status <= high
}

/** Whether a pushed log row belongs in a view with these filters (same rules as the server). */
export function logMatches(log: LogSummaryDto, appId: number, filter: LogFilter): boolean {
  return (
    log.appId === appId &&
    statusMatches(log.responseStatus, filter.status) &&
    (!filter.event || log.event === filter.event) &&
    (!filter.webhookId || log.webhookId === filter.webhookId) &&
    (!filter.messageId || log.messageId === filter.messageId) &&
    // Record and body text search need the bodies, which a pushed summary does not carry.
    !filter.record &&
    !filter.text &&
    (!filter.from || Date.parse(log.createdAt) >= Date.parse(filter.from)) &&
    (!filter.to || Date.parse(log.createdAt) < Date.parse(filter.to))
  )
}
