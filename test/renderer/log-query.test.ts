import { describe, expect, it } from 'vitest'
import { logRouteQuery, logSearchInput, parseLogQuery } from '../../src/renderer/src/log-query'

describe('the delivery log query in the URL', () => {
  it('reads each view with its own filter and ignores the other view’s', () => {
    expect(parseLogQuery({ status: '5xx', state: 'failed' })).toEqual({
      view: 'attempts',
      status: '5xx',
      state: undefined,
      event: undefined,
      webhookId: undefined
    })
    expect(
      parseLogQuery({ view: 'messages', state: 'retrying', event: 'order.created', webhookId: '7' })
    ).toEqual({
      view: 'messages',
      status: undefined,
      state: 'retrying',
      event: 'order.created',
      webhookId: 7
    })
  })

  it('drops anything unknown or malformed instead of sending it to the API', () => {
    expect(
      parseLogQuery({ view: 'tables', status: 'broken', event: 'x.y', webhookId: '-1' })
    ).toEqual({ view: 'attempts' })
    expect(parseLogQuery({ webhookId: '1.5' }).webhookId).toBeUndefined()
    expect(parseLogQuery({ webhookId: ['3'] }).webhookId).toBe(3) // a repeated key, as strings join
  })

  it('writes only what differs from the default, and round-trips', () => {
    expect(logRouteQuery({ view: 'attempts' })).toEqual({})
    const query = { view: 'messages' as const, state: 'failed' as const, webhookId: 4 }
    expect(logRouteQuery(query)).toEqual({ view: 'messages', state: 'failed', webhookId: '4' })
    expect(parseLogQuery(logRouteQuery(query))).toMatchObject(query)
  })

  it('keeps the search, its field and the time range in both views', () => {
    const query = {
      view: 'attempts' as const,
      status: 'failure' as const,
      search: 'prd_abc',
      searchIn: 'record' as const,
      from: '2026-11-30T10:00:00.000Z',
      to: '2026-11-30T11:00:00.000Z'
    }
    const route = logRouteQuery(query)
    expect(route).toEqual({
      status: 'failure',
      q: 'prd_abc',
      in: 'record',
      from: '2026-11-30T10:00:00.000Z',
      to: '2026-11-30T11:00:00.000Z'
    })
    expect(parseLogQuery(route)).toMatchObject(query)
    expect(logSearchInput(parseLogQuery(route))).toEqual({
      record: 'prd_abc',
      from: '2026-11-30T10:00:00.000Z',
      to: '2026-11-30T11:00:00.000Z'
    })
    // An unknown field searches text; a bad date is dropped.
    expect(logSearchInput(parseLogQuery({ q: ' tent ', in: 'sql', from: 'soon' }))).toEqual({
      text: 'tent'
    })
    // By message: the same search, next to the state filter instead of the status.
    const byMessage = {
      ...query,
      view: 'messages' as const,
      status: undefined,
      state: 'failed' as const
    }
    expect(logRouteQuery(byMessage)).toEqual({
      view: 'messages',
      state: 'failed',
      q: 'prd_abc',
      in: 'record',
      from: query.from,
      to: query.to
    })
    expect(parseLogQuery(logRouteQuery(byMessage))).toMatchObject(byMessage)
    expect(
      logSearchInput(parseLogQuery({ view: 'messages', q: 'msg_1', in: 'messageId' }))
    ).toEqual({ messageId: 'msg_1' })
  })
})
