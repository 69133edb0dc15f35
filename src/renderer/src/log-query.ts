import {
  logStatusFilters,
  messageStateFilters,
  type LogStatusFilter,
  type MessageStateFilter
} from '@shared/api-contract'
import { isEventName, type EventName } from '@shared/entity-catalog'

/** What the delivery log shows. It lives in the URL, so Back/Forward and links restore it. */
export interface LogViewQuery {
  view: 'attempts' | 'messages'
  /** Attempt view only. */
  status?: LogStatusFilter
  /** Message view only. */
  state?: MessageStateFilter
  event?: EventName
  webhookId?: number
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined
}

/** Reads a route query; anything unknown or malformed is ignored rather than trusted. */
export function parseLogQuery(query: Record<string, unknown>): LogViewQuery {
  const view = query.view === 'messages' ? 'messages' : 'attempts'
  const webhookId = Number(query.webhookId)
  const event = String(query.event ?? '')
  return {
    view,
    status: view === 'attempts' ? oneOf(query.status, logStatusFilters) : undefined,
    state: view === 'messages' ? oneOf(query.state, messageStateFilters) : undefined,
    event: isEventName(event) ? event : undefined,
    webhookId: Number.isInteger(webhookId) && webhookId > 0 ? webhookId : undefined
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
  return route
}
