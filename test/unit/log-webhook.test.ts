import { describe, expect, it } from 'vitest'
import { logWebhookLabel, redeliveryRefusal } from '@shared/log-webhook'
import { keepResponseHeaders } from '../../src/main/core/delivery/response-headers'

describe('naming the webhook of a logged attempt', () => {
  const logged = { webhookId: 4, webhookExternalId: 'web_abc', webhookName: 'Shop feed' }
  it('prefers the current name, then the name it had, then the external id', () => {
    expect(logWebhookLabel(logged, 'Shop feed v2')).toBe('Shop feed v2')
    expect(logWebhookLabel(logged)).toBe('Shop feed')
    expect(logWebhookLabel({ ...logged, webhookName: null })).toBe('web_abc')
  })
  it('says "(deleted)" for a deleted webhook, whatever name is current', () => {
    expect(logWebhookLabel({ ...logged, webhookId: null }, 'Other')).toBe('Shop feed (deleted)')
    expect(logWebhookLabel({ ...logged, webhookId: null, webhookName: null })).toBe(
      'web_abc (deleted)'
    )
  })
})

describe('why an attempt cannot be redelivered', () => {
  it('tells a test send, a deleted webhook and a pruned delivery apart', () => {
    expect(redeliveryRefusal({ test: true, webhookId: 1, deliveryId: null })).toMatch(/Test sends/)
    expect(redeliveryRefusal({ test: false, webhookId: null, deliveryId: null })).toMatch(
      /webhook was deleted/
    )
    expect(redeliveryRefusal({ test: false, webhookId: 1, deliveryId: null })).toMatch(/retention/)
    expect(redeliveryRefusal({ test: false, webhookId: 1, deliveryId: 9 })).toBeNull()
  })
})

describe('keeping response headers from an untrusted receiver', () => {
  it('keeps string headers, lower-cased, and counts the rest as omitted', () => {
    expect(keepResponseHeaders({ 'Retry-After': '30', 'x-n': 5, 'x-a': ['a'] })).toEqual({
      headers: { 'retry-after': '30' },
      omitted: 2
    })
  })
  it('keeps at most 50 headers and 8 KiB, leaving a header out whole rather than cutting it', () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, n) => [`h${n}`, 'v']))
    expect(keepResponseHeaders(many)).toMatchObject({ omitted: 20 })
    const big = { a: 'x'.repeat(5000), b: 'y'.repeat(5000), c: 'z' }
    expect(keepResponseHeaders(big)).toEqual({
      headers: { a: 'x'.repeat(5000), c: 'z' },
      omitted: 1
    })
  })
  it('reads nothing from what is not an object of headers', () => {
    for (const raw of [null, 'text', 42, ['a'], undefined])
      expect(keepResponseHeaders(raw)).toEqual({ headers: {}, omitted: 0 })
    // A header named __proto__ stays a plain entry: nothing reaches a prototype.
    const kept = keepResponseHeaders(JSON.parse('{"__proto__":"x","ok":"y"}')).headers
    expect(Object.keys(kept)).toEqual(['__proto__', 'ok'])
    expect(Object.getPrototypeOf(kept)).toBe(Object.prototype)
  })
})
