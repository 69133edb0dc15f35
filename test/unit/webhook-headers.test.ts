import { describe, expect, it } from 'vitest'
import { deliveryHeaders } from '../../src/main/core/delivery/transport/signing'
import { storedHeaders } from '../../src/main/core/delivery/stored-headers'
import {
  headerNameProblem,
  headerValueProblem,
  maskedHeaderValue,
  RESERVED_HEADER_NAMES,
  secretHeaderHint,
  webhookHeadersSchema
} from '@shared/webhook-headers'

describe('webhook header rules', () => {
  it('reserves every header the signer sets, so none can be overridden', () => {
    const signed = deliveryHeaders({
      body: '{}',
      messageId: 'msg_x',
      timestampSeconds: 1,
      event: 'brand.created',
      secrets: ['whsec_' + Buffer.alloc(32).toString('base64')],
      userAgent: 'ua'
    })
    for (const name of Object.keys(signed)) {
      expect(RESERVED_HEADER_NAMES).toContain(name)
      expect(headerNameProblem(name.toUpperCase())).toMatch(/is set by the app/)
    }
  })

  it('takes RFC 9110 tokens and refuses framing and hop-by-hop names in any case', () => {
    for (const name of ['Authorization', 'X-Api-Key', "x!#$%&'*+-.^_`|~9"])
      expect(headerNameProblem(name)).toBeNull()
    for (const name of ['HOST', 'content-length', 'Keep-Alive', 'TE', 'Proxy-Authorization'])
      expect(headerNameProblem(name)).toMatch(/belongs to the HTTP connection/)
    for (const name of ['X Y', 'X:Y', 'X(Y)', 'é', 'X\r\nY'])
      expect(headerNameProblem(name)).toMatch(/must be an HTTP header name/)
    expect(headerNameProblem('')).toBe('enter a header name')
    expect(headerNameProblem('x'.repeat(257))).toMatch(/at most 256/)
  })

  it('takes printable ASCII values up to 4 KiB and nothing that could split a header', () => {
    expect(headerValueProblem('Bearer abc.def; q="1"\tx')).toBeNull()
    expect(headerValueProblem('')).toBeNull()
    for (const value of ['a\rb', 'a\nb', 'a\0b'])
      expect(headerValueProblem(value)).toMatch(/line breaks or NUL/)
    expect(headerValueProblem('caf\u00e9')).toMatch(/printable ASCII/)
    expect(headerValueProblem('\u0007')).toMatch(/printable ASCII/)
    expect(headerValueProblem('x'.repeat(4096))).toBeNull()
    expect(headerValueProblem('x'.repeat(4097))).toBe('must be at most 4 KiB')
  })

  it('hints at long secret values only, and masks them', () => {
    expect(secretHeaderHint('short-value')).toBeNull()
    expect(secretHeaderHint('a-long-secret-1234')).toBe('1234')
    expect(maskedHeaderValue('1234')).toBe('••••1234')
    expect(maskedHeaderValue(null)).toBe('••••')
  })

  it('parses a list with paths in its issues, duplicates by any case, at most 20', () => {
    const parsed = webhookHeadersSchema.safeParse([
      { name: 'X-A', value: '1' },
      { name: 'x-a', value: '2' },
      { name: 'Host', value: 'evil' },
      { name: 'X-Plain', value: null }
    ])
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['2.name', '"Host" belongs to the HTTP connection and cannot be set'],
      ['3.value', 'only a secret header may leave its value out (null keeps the stored one)'],
      ['1.name', '"x-a" is already header 1; each name once']
    ])
    expect(webhookHeadersSchema.parse([{ name: 'X-K', value: null, secret: true }])).toEqual([
      { name: 'X-K', value: null, secret: true }
    ])
    expect(webhookHeadersSchema.parse([{ name: 'X-K', value: 'v' }])[0].secret).toBe(false)
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `X-${i}`, value: 'v' }))
    expect(webhookHeadersSchema.safeParse(many).error?.issues[0].message).toBe('at most 20 headers')
  })

  it('reads a damaged stored list as no headers, and skips damaged entries', () => {
    expect(storedHeaders(null)).toEqual([])
    expect(storedHeaders('not json')).toEqual([])
    expect(storedHeaders('{"name":"x"}')).toEqual([])
    expect(storedHeaders('[{"name":"X","value":"1"},{"name":2},null]')).toEqual([
      { name: 'X', value: '1', secret: false, hint: null }
    ])
  })
})
