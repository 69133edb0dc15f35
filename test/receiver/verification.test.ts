import { Webhook } from 'standardwebhooks'
import { afterEach, describe, expect, it } from 'vitest'
import {
  startWebhookReceiver,
  type ReceivedDelivery,
  type ReceiverOptions,
  type WebhookReceiver
} from '../../src/receiver/webhook-receiver'
import { generateSecret, messageId, nowSeconds, post, productBody, signedHeaders } from './requests'

const NO_MATCH = 'signature does not match any configured secret'
let receiver: WebhookReceiver | undefined

afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

async function start(options: ReceiverOptions = {}): Promise<WebhookReceiver> {
  receiver = await startWebhookReceiver(options)
  return receiver
}

/** Posts to /hook and returns the record the receiver made of it. */
async function deliver(
  target: WebhookReceiver,
  body: string,
  headers: Record<string, string>
): Promise<ReceivedDelivery> {
  const before = target.records().at(-1)?.seq ?? 0
  const answer = await post(`${target.url}/hook`, body, headers)
  expect(answer.status).toBe(200)
  const latest = target.records().at(-1)
  expect(latest?.seq).toBe(before + 1)
  return latest!
}

describe('the receiver checks both signatures of every request', () => {
  it('verifies a request signed by the app and records what it was', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    expect(target.url).toBe(`http://127.0.0.1:${target.port}`)
    expect(target.pageUrl).toBe(`${target.url}/_receiver/`)
    const body = productBody('web_abc')
    const id = messageId()
    const record = await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    expect(record).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/hook',
      verdict: 'verified',
      verdictLabel: 'Verified',
      event: 'product.created',
      webhookId: id,
      webhookExternalId: 'web_abc',
      duplicate: false,
      timesSeen: 1,
      answeredStatus: 200,
      standardSecret: { index: 0, hint: secret.slice(-4) },
      hexSecret: { index: 0, hint: secret.slice(-4) },
      body,
      bodyBytes: Buffer.byteLength(body)
    })
    expect(record.detail).toContain(`secret #1 (…${secret.slice(-4)})`)
    expect(record.headers['x-webhook-event']).toBe('product.created')
    expect(Math.abs(record.timestampSkewSeconds!)).toBeLessThanOrEqual(2)
  })

  it('verifies a request signed by the standardwebhooks package itself', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const body = productBody()
    const id = messageId()
    const timestamp = nowSeconds()
    const headers = {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': new Webhook(secret).sign(id, new Date(timestamp * 1000), body),
      'x-webhook-signature': signedHeaders({ body, secrets: [secret] })['x-webhook-signature']
    }
    expect((await deliver(target, body, headers)).verdict).toBe('verified')
  })

  it('calls a tampered body invalid', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const headers = signedHeaders({ body: productBody(), secrets: [secret] })
    const record = await deliver(target, productBody(undefined, 'Tampered'), headers)
    expect(record.verdict).toBe('invalid')
    expect(record.verdictLabel).toBe('Invalid signature')
    expect(record.detail).toContain(NO_MATCH)
    expect(record.standardSecret).toBeNull()
    expect(record.hexSecret).toBeNull()
  })

  it('calls a request signed with another secret invalid, in the same words as tampering', async () => {
    const target = await start({ secrets: [generateSecret()] })
    const body = productBody()
    const record = await deliver(target, body, signedHeaders({ body, secrets: [generateSecret()] }))
    expect(record.verdict).toBe('invalid')
    expect(record.detail).toContain(NO_MATCH)
  })

  it('calls an old or a future timestamp stale, and honours a configured tolerance', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const body = productBody()
    const old = await deliver(
      target,
      body,
      signedHeaders({ body, secrets: [secret], timestamp: nowSeconds() - 400 })
    )
    expect(old.verdict).toBe('stale')
    expect(old.detail).toMatch(/webhook-timestamp is 4\d\d s old \(tolerance 300 s\)/)
    expect(old.standardSecret).toEqual({ index: 0, hint: secret.slice(-4) })
    const future = await deliver(
      target,
      body,
      signedHeaders({ body, secrets: [secret], timestamp: nowSeconds() + 400 })
    )
    expect(future.verdict).toBe('stale')
    expect(future.detail).toMatch(/webhook-timestamp is \d+ s in the future/)
    expect(future.timestampSkewSeconds).toBeLessThan(0)

    await target.close()
    const lenient = await start({ secrets: [secret], toleranceSeconds: 600 })
    const accepted = await deliver(
      lenient,
      body,
      signedHeaders({ body, secrets: [secret], timestamp: nowSeconds() - 400 })
    )
    expect(accepted.verdict).toBe('verified')
  })

  it('accepts requests signed by either of two secrets and says which one matched', async () => {
    const oldSecret = generateSecret()
    const newSecret = generateSecret()
    const target = await start({ secrets: [oldSecret, newSecret] })
    const body = productBody()
    const byOld = await deliver(target, body, signedHeaders({ body, secrets: [oldSecret] }))
    expect(byOld.verdict).toBe('verified')
    expect(byOld.standardSecret).toEqual({ index: 0, hint: oldSecret.slice(-4) })
    expect(byOld.detail).toContain(`secret #1 (…${oldSecret.slice(-4)})`)
    const byNew = await deliver(target, body, signedHeaders({ body, secrets: [newSecret] }))
    expect(byNew.verdict).toBe('verified')
    expect(byNew.standardSecret).toEqual({ index: 1, hint: newSecret.slice(-4) })
    expect(byNew.hexSecret).toEqual({ index: 1, hint: newSecret.slice(-4) })
    // During the app's rotation window: both standard signatures, the hex one with the new secret.
    const during = await deliver(
      target,
      body,
      signedHeaders({ body, secrets: [newSecret, oldSecret] })
    )
    expect(during.verdict).toBe('verified')
    expect(during.hexSecret).toEqual({ index: 1, hint: newSecret.slice(-4) })
  })

  it('reports a Standard Webhooks pass with an X-Webhook-Signature mismatch (old secret only)', async () => {
    const oldSecret = generateSecret()
    const newSecret = generateSecret()
    const target = await start({ secrets: [oldSecret] })
    const body = productBody()
    const record = await deliver(
      target,
      body,
      signedHeaders({ body, secrets: [newSecret, oldSecret] })
    )
    expect(record.verdict).toBe('x-signature-mismatch')
    expect(record.verdictLabel).toBe('X-Webhook-Signature mismatch')
    expect(record.standardSecret).toEqual({ index: 0, hint: oldSecret.slice(-4) })
    expect(record.hexSecret).toBeNull()
    expect(record.detail).toContain(`X-Webhook-Signature: ${NO_MATCH}`)
    expect(record.detail).toContain('add the new secret')

    target.addSecret(newSecret)
    const after = await deliver(
      target,
      body,
      signedHeaders({ body, secrets: [newSecret, oldSecret] })
    )
    expect(after.verdict).toBe('verified')
  })

  it('names the missing signature headers', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const body = productBody()
    const bare = await deliver(target, body, { 'content-type': 'application/json' })
    expect(bare.verdict).toBe('unsigned')
    expect(bare.verdictLabel).toBe('Missing signature headers')
    expect(bare.detail).toContain(
      'webhook-id, webhook-timestamp, webhook-signature, X-Webhook-Signature'
    )
    const headers = signedHeaders({ body, secrets: [secret] })
    delete headers['webhook-signature']
    const partial = await deliver(target, body, headers)
    expect(partial.verdict).toBe('unsigned')
    expect(partial.detail).toMatch(/missing signature header\(s\): webhook-signature;/)
    expect(partial.detail).toContain('X-Webhook-Signature matches secret #1')
    const noHex = signedHeaders({ body, secrets: [secret] })
    delete noHex['x-webhook-signature']
    const hexless = await deliver(target, body, noHex)
    expect(hexless.verdict).toBe('unsigned')
    expect(hexless.detail).toContain('X-Webhook-Signature')
  })

  it('records requests unverified while no secret is configured, and verifies once one is added', async () => {
    const secret = generateSecret()
    const target = await start()
    const body = productBody()
    const first = await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    expect(first.verdict).toBe('no-secret')
    expect(first.detail).toBe('unverified: no secret configured')
    expect(() => target.addSecret('whsec_not base64!')).toThrow(/standard base64/)
    expect(() => target.addSecret('sk_live_123')).toThrow(/must start with "whsec_"/)
    target.addSecret(secret)
    const second = await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    expect(second.verdict).toBe('verified')
  })

  it('calls a correctly signed body that is not JSON malformed', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const body = 'event=product.created'
    const record = await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    expect(record.verdict).toBe('malformed')
    expect(record.verdictLabel).toBe('Body not JSON')
    expect(record.detail).toMatch(/signatures verified, but the body is not JSON/)
  })

  it('refuses malformed secrets at start', async () => {
    await expect(startWebhookReceiver({ secrets: ['whsec_abc'] })).rejects.toThrow(
      /standard base64/
    )
    await expect(startWebhookReceiver({ toleranceSeconds: -1 })).rejects.toThrow(/tolerance/)
  })
})

describe('the receiver keeps a bounded record of requests', () => {
  it('flags a repeated webhook-id as a duplicate and counts its arrivals', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const body = productBody()
    const id = messageId()
    const first = await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    const other = await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    const second = await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    const third = await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    expect([first.duplicate, other.duplicate, second.duplicate, third.duplicate]).toEqual([
      false,
      false,
      true,
      true
    ])
    expect([first.timesSeen, second.timesSeen, third.timesSeen]).toEqual([1, 2, 3])
    const json = (await (await fetch(`${target.pageUrl}records`)).json()) as {
      counts: Record<string, number>
    }
    expect(json.counts).toEqual({ total: 4, verified: 4, failed: 0, unverified: 0, duplicates: 2 })
  })

  it('keeps only the newest maxRecords, still recognising duplicates of dropped ones', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret], maxRecords: 2 })
    const body = productBody()
    const id = messageId()
    await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    const again = await deliver(target, body, signedHeaders({ body, secrets: [secret], id }))
    expect(target.records().map((record) => record.seq)).toEqual([3, 4])
    expect(again.duplicate).toBe(true)
  })

  it('tells listeners about each record and stops when they unsubscribe', async () => {
    const secret = generateSecret()
    const target = await start({ secrets: [secret] })
    const seen: number[] = []
    const stop = target.onRecord((record) => seen.push(record.seq))
    const body = productBody()
    await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    stop()
    await deliver(target, body, signedHeaders({ body, secrets: [secret] }))
    expect(seen).toEqual([1])
  })
})
