import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { checkSignatures } from '../../src/receiver/signature-check'
import { startWebhookReceiver, type WebhookReceiver } from '../../src/receiver/webhook-receiver'
import { generateSecret, nowSeconds, post, productBody, signedHeaders } from './requests'

let receiver: WebhookReceiver
const secret = generateSecret()

beforeEach(async () => {
  receiver = await startWebhookReceiver({ secrets: [secret] })
})
afterEach(async () => {
  await receiver.close()
})

describe("the receiver's HTTP surface", () => {
  it('redirects a GET of / and /_receiver to the page, which has its files and a strict CSP', async () => {
    const root = await fetch(`${receiver.url}/`, { redirect: 'manual' })
    expect(root.status).toBe(302)
    expect(root.headers.get('location')).toBe('/_receiver/')
    const bare = await fetch(`${receiver.url}/_receiver`, { redirect: 'manual' })
    expect(bare.status).toBe(308)
    const page = await fetch(receiver.pageUrl)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    const html = await page.text()
    expect(html).toContain('<table id="deliveries">')
    expect(html).not.toMatch(/<script>|style="/)
    for (const [file, type] of [
      ['page.js', 'text/javascript; charset=utf-8'],
      ['page.css', 'text/css; charset=utf-8']
    ]) {
      const asset = await fetch(`${receiver.pageUrl}${file}`)
      expect(asset.status).toBe(200)
      expect(asset.headers.get('content-type')).toBe(type)
    }
    expect(receiver.records()).toEqual([])
  })

  it('treats a POST to / and any method elsewhere as a request to record', async () => {
    expect((await post(`${receiver.url}/`, '{}', {})).status).toBe(200)
    expect((await fetch(`${receiver.url}/hook?x=1`)).status).toBe(200)
    expect(receiver.records().map((record) => `${record.method} ${record.path}`)).toEqual([
      'POST /',
      'GET /hook?x=1'
    ])
  })

  it('keeps /_receiver/ read-only and answers unknown routes there with 404', async () => {
    const posted = await post(`${receiver.pageUrl}records`, '{}', {})
    expect(posted.status).toBe(405)
    expect(posted.headers.get('allow')).toBe('GET, HEAD')
    expect((await fetch(`${receiver.pageUrl}nothing`)).status).toBe(404)
    expect((await fetch(`${receiver.pageUrl}records?after=-1`)).status).toBe(400)
    expect(receiver.records()).toEqual([])
  })

  it('serves the records as JSON, oldest first, optionally only those after a seq', async () => {
    const body = productBody()
    for (let index = 0; index < 3; index += 1)
      await post(`${receiver.url}/hook`, body, signedHeaders({ body, secrets: [secret] }))
    const all = (await (await fetch(`${receiver.pageUrl}records`)).json()) as {
      receiver: Record<string, unknown>
      records: Array<{ seq: number; verdict: string }>
    }
    expect(all.records.map((record) => record.seq)).toEqual([1, 2, 3])
    expect(all.receiver).toMatchObject({
      url: receiver.url,
      pageUrl: receiver.pageUrl,
      secrets: [{ index: 0, hint: secret.slice(-4) }],
      toleranceSeconds: 300,
      maxRecords: 1000
    })
    expect(JSON.stringify(all.receiver)).not.toContain(secret)
    const later = (await (await fetch(`${receiver.pageUrl}records?after=2`)).json()) as {
      records: Array<{ seq: number }>
    }
    expect(later.records.map((record) => record.seq)).toEqual([3])
  })

  it('streams each new record to the page as a server-sent event', async () => {
    const controller = new AbortController()
    const stream = await fetch(`${receiver.pageUrl}events`, { signal: controller.signal })
    expect(stream.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const reader = stream.body!.getReader()
    const body = productBody()
    await post(`${receiver.url}/hook`, body, signedHeaders({ body, secrets: [secret] }))
    let text = ''
    while (!text.includes('event: delivery'))
      text += new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    expect(text).toContain('"verdict":"verified"')
    expect(text).toContain('"counts":{"total":1,"verified":1')
  })

  it('refuses a body over 1 MiB with 413 and records it as malformed', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 1)
    const answer = await post(`${receiver.url}/hook`, huge, {})
    expect(answer.status).toBe(413)
    expect(receiver.records()[0]).toMatchObject({
      verdict: 'malformed',
      bodyBytes: huge.length,
      answeredStatus: 413
    })
  })
})

describe('checkSignatures edge cases', () => {
  const body = Buffer.from(productBody())
  const base = { body, secrets: [secret], toleranceSeconds: 300, jsonError: null }

  it('calls a non-numeric webhook-timestamp invalid', () => {
    const headers = { ...signedHeaders({ body: body.toString(), secrets: [secret] }) }
    headers['webhook-timestamp'] = '12abc'
    const result = checkSignatures({ ...base, headers, nowSeconds: nowSeconds() })
    expect(result.verdict).toBe('invalid')
    expect(result.detail).toContain('is not unix seconds')
  })

  it('puts a failing signature before a stale timestamp, and mentions both', () => {
    const old = nowSeconds() - 1000
    const headers = signedHeaders({
      body: body.toString(),
      secrets: [generateSecret()],
      timestamp: old
    })
    const result = checkSignatures({ ...base, headers, nowSeconds: nowSeconds() })
    expect(result.verdict).toBe('invalid')
    expect(result.detail).toMatch(/signature does not match any configured secret.*s old/)
  })

  it('accepts a timestamp exactly at the tolerance and refuses one second more', () => {
    const now = nowSeconds()
    const at = (timestamp: number) =>
      checkSignatures({
        ...base,
        headers: signedHeaders({ body: body.toString(), secrets: [secret], timestamp }),
        nowSeconds: now
      }).verdict
    expect(at(now - 300)).toBe('verified')
    expect(at(now - 301)).toBe('stale')
    expect(at(now + 300)).toBe('verified')
    expect(at(now + 301)).toBe('stale')
  })
})
