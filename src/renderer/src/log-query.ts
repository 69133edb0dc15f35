import { logStatusFilters, messageStateFilters, type LogSearch } from '@shared/api-contract'
import { isEventName } from '@shared/entity-catalog'
import type { LogFilter, MessageFilter } from '@shared/log-filters'

/**
 * What the delivery log shows. It lives in the URL, so Back/Forward and links restore it.
 * `status` is the attempt view's only, `state` the message view's; `from` (inclusive) and `to`
 * (exclusive) are ISO instants of both.
 */
export interface LogViewQuery
  extends
    Pick<LogFilter, 'status' | 'event' | 'webhookId' | 'from' | 'to'>,
    Pick<MessageFilter, 'state'> {
  view: 'attempts' | 'messages'
  /**
   * Both views: what the search box looks for, in which field. By message it finds the
   * deliveries with an attempt that matches, or the delivery with that webhook-id.
   */
  search?: string
  searchIn?: LogSearchField
}

/** Which `logs.list` argument the search box fills. */
export const logSearchFields = ['messageId', 'record', 'text'] as const satisfies ReadonlyArray<
  keyof LogSearch
>
export type LogSearchField = (typeof logSearchFields)[number]

function instant(value: unknown): string | undefined {
  const time = typeof value === 'string' ? Date.parse(value) : NaN
  return Number.isNaN(time) ? undefined : new Date(time).toISOString()
}

/** The search part of a log view as `logs.list` or `logs.messages` arguments. */
export function logSearchInput(query: LogViewQuery): LogSearch {
  return {
    ...(query.search ? { [query.searchIn ?? 'text']: query.search } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {})
  }
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined
}

/** Reads a route query; anything unknown or malformed is ignored rather than trusted. */
export function parseLogQuery(query: Record<string, unknown>): LogViewQuery {
  const view = query.view === 'messages' ? 'messages' : 'attempts'
  const webhookId = Number(query.webhookId)
  const event = String(query.event ?? '')
  const search = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : ''
  return {
    view,
    status: view === 'attempts' ? oneOf(query.status, logStatusFilters) : undefined,
    state: view === 'messages' ? oneOf(query.state, messageStateFilters) : undefined,
    event: isEventName(event) ? event : undefined,
    webhookId: Number.isInteger(webhookId) && webhookId > 0 ? webhookId : undefined,
    search: search || undefined,
    searchIn: search ? (oneOf(query.in, logSearchFields) ?? 'text') : undefined,
    from: instant(query.from),
    to: instant(query.to)
  }
}

/** The route query for a log view: only what differs from the default. */
export function logRouteQuery(query: LogViewQuery): Record<string, string> {
  const route: Record<string, string> = {}
  if (query.view === 'messages') route.view = 'messages'
  if (query.view === 'attempts' && query.status) route.status = query.status
  if (query.view === 'messages' && query.state) route.state = query.state
  if (query.event) route.event = query.event
  if (query.webhookId) route.webhookId = String(query.webhookId)
  if (query.search) Object.assign(route, { q: query.search, in: query.searchIn ?? 'text' })
  if (query.from) route.from = query.from
  if (query.to) route.to = query.to
  return route
}
