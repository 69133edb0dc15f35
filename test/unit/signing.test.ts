import { createHmac } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import {
  deliveryHeaders,
  generateSecret,
  hexSignature,
  standardSignature,
  type SignatureInput
} from '../../src/main/core/delivery/transport/signing'

// The Standard Webhooks reference vector (published with the spec and its libraries).
const SPEC_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const SPEC_MESSAGE_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const SPEC_TIMESTAMP = 1614265330
const SPEC_BODY = '{"test": 2432232314}'
const SPEC_SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='

const BODY = '{"event":"product.updated","product":{"id":42,"externalId":"prod_789"}}'

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

function input(overrides: Partial<SignatureInput> = {}): SignatureInput {
  return {
    body: BODY,
    messageId: 'msg_2abc',
    timestampSeconds: nowSeconds(),
    event: 'product.updated',
    secrets: [generateSecret()],
    userAgent: 'IndexedPIM-Webhooks/9.9.9',
    ...overrides
  }
}

function verifies(secret: string, body: string, headers: Record<string, string>): boolean {
  try {
    new Webhook(secret).verify(body, headers)
    return true
  } catch {
    return false
  }
}

describe('generateSecret', () => {
  it('is whsec_ followed by standard base64 of exactly 32 bytes', () => {
    const secret = generateSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const decoded = Buffer.from(secret.slice('whsec_'.length), 'base64')
    expect(decoded).toHaveLength(32)
    expect(decoded.toString('base64')).toBe(secret.slice('whsec_'.length))
  })

  it('is random on every call', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => generateSecret()))
    expect(secrets.size).toBe(20)
  })

  it('is accepted as-is by the standardwebhooks library', () => {
    const secret = generateSecret()
    expect(() => new Webhook(secret)).not.toThrow()
  })
})

describe('hexSignature', () => {
  it('matches the RFC 4231 HMAC-SHA256 test case 2', () => {
    expect(hexSignature('Jefe', 'what do ya want for nothing?')).toBe(
      '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'
    )
  })

  it('keys with the secret string exactly as shown, prefix included (fixed vector)', () => {
    const body = '{"event":"product.updated","name":"Läufer ✓"}'
    expect(hexSignature(SPEC_SECRET, body)).toBe(
      'd54218d4eac96ec4b891b8281d67e9b27c2ad55209faf9268974a9f9a20abfd4'
    )
  })

  it('equals node:crypto HMAC-SHA256 over the UTF-8 body keyed with the whole secret', () => {
    const secret = generateSecret()
    const body = '{"name":"Crème brûlée 🍮","price":9.5}'
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(body, 'utf8'))
      .digest('hex')
    expect(hexSignature(secret, body)).toBe(expected)
  })

  it('is lowercase hex of 32 bytes', () => {
    expect(hexSignature(generateSecret(), BODY)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not key with the base64-decoded secret', () => {
    const secret = generateSecret()
    const decodedKey = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const wrong = createHmac('sha256', decodedKey).update(BODY).digest('hex')
    expect(hexSignature(secret, BODY)).not.toBe(wrong)
  })

  it('changes when the body or the secret changes', () => {
    const secret = generateSecret()
    const signature = hexSignature(secret, BODY)
    expect(hexSignature(secret, BODY + ' ')).not.toBe(signature)
    expect(hexSignature(generateSecret(), BODY)).not.toBe(signature)
  })
})

describe('standardSignature', () => {
  it('reproduces the Standard Webhooks reference vector', () => {
    expect(standardSignature(SPEC_SECRET, SPEC_MESSAGE_ID, SPEC_TIMESTAMP, SPEC_BODY)).toBe(
      SPEC_SIGNATURE
    )
  })

  it('is v1, + base64 HMAC over id.timestamp.body keyed with the decoded secret', () => {
    const secret = generateSecret()
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const expected = createHmac('sha256', key)
      .update(`msg_1.1700000000.${BODY}`, 'utf8')
      .digest('base64')
    expect(standardSignature(secret, 'msg_1', 1700000000, BODY)).toBe(`v1,${expected}`)
  })

  it('agrees with the standardwebhooks library signer', () => {
    const secret = generateSecret()
    const timestamp = nowSeconds()
    const librarySignature = new Webhook(secret).sign('msg_x', new Date(timestamp * 1000), BODY)
    expect(standardSignature(secret, 'msg_x', timestamp, BODY)).toBe(librarySignature)
  })

  it('verifies with the standardwebhooks library, including a non-ASCII body', () => {
    const secret = generateSecret()
    const timestamp = nowSeconds()
    const body = '{"name":"Läufer ✓ 🏃","price":89}'
    const headers = {
      'webhook-id': 'msg_unicode',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(secret, 'msg_unicode', timestamp, body)
    }
    expect(new Webhook(secret).verify(body, headers)).toEqual({
      name: 'Läufer ✓ 🏃',
      price: 89
    })
  })

  it('fails verification for a tampered body, wrong secret, other id or other timestamp', () => {
    const secret = generateSecret()
    const timestamp = nowSeconds()
    const headers = {
      'webhook-id': 'msg_a',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': standardSignature(secret, 'msg_a', timestamp, BODY)
    }
    expect(verifies(secret, BODY, headers)).toBe(true)
    expect(verifies(secret, BODY.replace('42', '43'), headers)).toBe(false)
    expect(verifies(generateSecret(), BODY, headers)).toBe(false)
    expect(verifies(secret, BODY, { ...headers, 'webhook-id': 'msg_b' })).toBe(false)
    expect(verifies(secret, BODY, { ...headers, 'webhook-timestamp': String(timestamp - 1) })).toBe(
      false
    )
  })
})

describe('deliveryHeaders', () => {
  it('carries exactly the contract headers, all with lowercase names', () => {
    const headers = deliveryHeaders(input())
    expect(Object.keys(headers).sort()).toEqual(
      [
        'content-type',
        'user-agent',
        'webhook-id',
        'webhook-signature',
        'webhook-timestamp',
        'x-webhook-event',
        'x-webhook-signature'
      ].sort()
    )
    for (const name of Object.keys(headers)) expect(name).toBe(name.toLowerCase())
  })

  it('fills every header from the input', () => {
    const secret = generateSecret()
    const timestamp = nowSeconds()
    const headers = deliveryHeaders(
      input({
        secrets: [secret],
        messageId: 'msg_fill',
        timestampSeconds: timestamp,
        event: 'order.created'
      })
    )
    expect(headers['content-type']).toBe('application/json')
    expect(headers['user-agent']).toBe('IndexedPIM-Webhooks/9.9.9')
    expect(headers['x-webhook-event']).toBe('order.created')
    expect(headers['x-webhook-signature']).toBe(hexSignature(secret, BODY))
    expect(headers['webhook-id']).toBe('msg_fill')
    expect(headers['webhook-timestamp']).toBe(String(timestamp))
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/)
    expect(headers['webhook-signature']).toBe(
      standardSignature(secret, 'msg_fill', timestamp, BODY)
    )
  })

  it('with one secret, has one v1 signature that the standardwebhooks library accepts', () => {
    const secret = generateSecret()
    const headers = deliveryHeaders(input({ secrets: [secret] }))
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    expect(new Webhook(secret).verify(BODY, headers)).toEqual(JSON.parse(BODY))
    expect(verifies(secret, BODY + 'x', headers)).toBe(false)
    expect(verifies(generateSecret(), BODY, headers)).toBe(false)
  })

  it('during a rotation, sends space-separated signatures that each verify on their own', () => {
    const current = generateSecret()
    const previous = generateSecret()
    const headers = deliveryHeaders(input({ secrets: [current, previous] }))
    const signatures = headers['webhook-signature'].split(' ')
    expect(signatures).toHaveLength(2)
    for (const signature of signatures) expect(signature).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    expect(signatures[0]).not.toBe(signatures[1])

    // Receivers still on either secret accept the whole header.
    expect(verifies(current, BODY, headers)).toBe(true)
    expect(verifies(previous, BODY, headers)).toBe(true)
    expect(verifies(generateSecret(), BODY, headers)).toBe(false)

    // Order: current first, then previous; each alone verifies only with its own secret.
    const first = { ...headers, 'webhook-signature': signatures[0] }
    const second = { ...headers, 'webhook-signature': signatures[1] }
    expect(verifies(current, BODY, first)).toBe(true)
    expect(verifies(previous, BODY, first)).toBe(false)
    expect(verifies(previous, BODY, second)).toBe(true)
    expect(verifies(current, BODY, second)).toBe(false)
  })

  it('signs X-Webhook-Signature with the current (first) secret only', () => {
    const current = generateSecret()
    const previous = generateSecret()
    const headers = deliveryHeaders(input({ secrets: [current, previous] }))
    expect(headers['x-webhook-signature']).toBe(hexSignature(current, BODY))
    expect(headers['x-webhook-signature']).not.toBe(hexSignature(previous, BODY))
    expect(headers['x-webhook-signature']).not.toContain(' ')
  })

  it('keeps webhook-id stable across attempts while the timestamp and signature change', () => {
    const secret = generateSecret()
    const timestamp = nowSeconds()
    const first = deliveryHeaders(input({ secrets: [secret], timestampSeconds: timestamp - 60 }))
    const retry = deliveryHeaders(input({ secrets: [secret], timestampSeconds: timestamp }))
    expect(retry['webhook-id']).toBe(first['webhook-id'])
    expect(retry['webhook-signature']).not.toBe(first['webhook-signature'])
    expect(retry['x-webhook-signature']).toBe(first['x-webhook-signature'])
    expect(verifies(secret, BODY, retry)).toBe(true)
  })
})
