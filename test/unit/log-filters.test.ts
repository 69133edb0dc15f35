import { describe, expect, it } from 'vitest'
import type { LogSummaryDto } from '@shared/dto'
import { logMatches, statusMatches } from '@shared/log-filters'

const log = (over: Partial<LogSummaryDto>): LogSummaryDto => ({
  id: 1,
  deliveryId: 1,
  messageId: 'msg_1',
  test: false,
  webhookId: 7,
  webhookExternalId: 'web_1',
  webhookName: 'Shop',
  appId: 3,
  event: 'product.updated',
  responseStatus: 200,
  responseTimeMs: 5,
  errorClass: null,
  error: null,
  attempt: 1,
  disabledWebhook: null,
  createdAt: '2026-11-29T10:00:00.000Z',
  ...over
})

describe('log filters (the same rules as the server)', () => {
  it('classifies statuses', () => {
    expect(statusMatches(204, 'success')).toBe(true)
    expect(statusMatches(302, 'failure')).toBe(true)
    expect(statusMatches(0, 'failure')).toBe(true)
    expect(statusMatches(200, 'failure')).toBe(false)
    expect(statusMatches(0, 'network')).toBe(true)
    expect(statusMatches(404, '4xx')).toBe(true)
    expect(statusMatches(503, '4xx')).toBe(false)
    expect(statusMatches(503, undefined)).toBe(true)
  })

  it('matches pushed rows by app, status, event and webhook', () => {
    expect(logMatches(log({}), 3, {})).toBe(true)
    expect(logMatches(log({}), 4, {})).toBe(false)
    expect(logMatches(log({ responseStatus: 500 }), 3, { status: 'success' })).toBe(false)
    expect(logMatches(log({}), 3, { event: 'product.created' })).toBe(false)
    expect(logMatches(log({}), 3, { webhookId: 8 })).toBe(false)
    expect(logMatches(log({}), 3, { status: '2xx', event: 'product.updated', webhookId: 7 })).toBe(
      true
    )
  })

  it('matches a pushed row against a webhook-id and a time range, never against body search', () => {
    const at = log({}).createdAt
    expect(logMatches(log({}), 3, { messageId: 'msg_1' })).toBe(true)
    expect(logMatches(log({}), 3, { messageId: 'msg_2' })).toBe(false)
    expect(logMatches(log({}), 3, { from: at })).toBe(true)
    expect(logMatches(log({}), 3, { to: at })).toBe(false)
    // A summary carries no body: a record or text search reloads instead of guessing.
    expect(logMatches(log({}), 3, { text: 'anything' })).toBe(false)
    expect(logMatches(log({}), 3, { record: 'prd_1' })).toBe(false)
  })
})
