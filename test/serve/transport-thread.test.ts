import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { sendWebhook, type SendRequest } from '../../src/main/core/delivery/transport/http-sender'
import { deliveryHeaders } from '../../src/main/core/delivery/transport/signing'
import { ThreadedTransport } from '../../src/main/core/delivery/transport/threaded-transport'
import { startReceiver, type TestReceiver } from '../support/receiver'

// The thread script as the shells load it: built by the global setup next to their entries.
const BUILT_THREAD = new URL('../../out/main/transport-thread.js', import.meta.url)
const DYING_THREAD = new URL('../support/fixtures/dying-transport-thread.mjs', import.meta.url)
const SECRET = 'whsec_' + Buffer.from('a transport thread test secret!!').toString('base64')

const open: Array<{ close(): Promise<void> }> = []
afterEach(async () => {
  for (const closable of open.splice(0).reverse()) await closable.close()
})

async function receiver(respond?: Parameters<typeof startReceiver>[0]): Promise<TestReceiver> {
  const started = await startReceiver(respond)
  started.secrets = [SECRET]
  open.push(started)
  return started
}

function transport(script: URL, problems: string[] = [], maxRestarts?: number): ThreadedTransport {
  const created = new ThreadedTransport({
    script,
    onProblem: (message) => problems.push(message),
    maxRestarts
  })
  open.push(created)
  return created
}

function signedRequest(url: string, n: number, extra: Partial<SendRequest> = {}): SendRequest {
  const body = JSON.stringify({ event: 'product.updated', n })
  return {
    url,
    body,
    headers: deliveryHeaders({
      body,
      messageId: `msg_thread_${n}`,
      timestampSeconds: Math.floor(Date.now() / 1000),
      event: 'product.updated',
      secrets: [SECRET],
      userAgent: 'IndexedPIM-Webhooks/test'
    }),
    timeouts: { connectMs: 2_000, totalMs: 5_000 },
    ...extra
  }
}

describe('the transport thread (built)', () => {
  it('is built next to the shell entries', () => {
    expect(existsSync(BUILT_THREAD)).toBe(true)
  })

  it('sends signed requests from the thread, with the same outcomes as the main thread', async () => {
    const to = await receiver((request, _req, res) => {
      res.writeHead(request.json.n === 3 ? 503 : 200, { 'x-seen': String(request.json.n) })
      res.end(`got ${String(request.json.n)}`)
    })
    const threaded = transport(BUILT_THREAD)
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) => threaded.send(signedRequest(to.url, n)))
    )
    expect(threaded.mode).toBe('thread')
    expect(to.requests).toHaveLength(20)
    expect(to.requests.every((r) => r.standardSignatureValid && r.hexSignatureValid)).toBe(true)
    results.forEach((result, n) => {
      expect(result.status).toBe(n === 3 ? 503 : 200)
      expect(result.responseBody).toBe(`got ${n}`)
      expect(result.responseHeaders['x-seen']).toBe(String(n))
      expect(result.errorClass).toBe(n === 3 ? 'http_status' : null)
    })
    // Same request on the main thread: the same outcome, field by field (timing aside).
    const { responseTimeMs: _a, ...inThread } = await threaded.send(signedRequest(to.url, 3))
    const { responseTimeMs: _b, ...inMain } = await sendWebhook(signedRequest(to.url, 3))
    expect({ ...inThread, responseHeaders: { ...inThread.responseHeaders, date: '' } }).toEqual({
      ...inMain,
      responseHeaders: { ...inMain.responseHeaders, date: '' }
    })
  })

  it('classifies failures in the thread: refused connection, blocked address, response cap', async () => {
    const closed = await receiver()
    const refusedUrl = closed.url
    await closed.close()
    const big = await receiver((_r, _req, res) => void res.end('x'.repeat(200 * 1024)))
    const threaded = transport(BUILT_THREAD)
    const refused = await threaded.send(signedRequest(refusedUrl, 1))
    expect(refused).toMatchObject({ status: 0, errorClass: 'connection_refused' })
    const blocked = await threaded.send(signedRequest(big.url, 2, { blockPrivateNetworks: true }))
    expect(blocked).toMatchObject({ status: 0, errorClass: 'blocked_address' })
    const capped = await threaded.send(signedRequest(big.url, 3))
    expect(capped.status).toBe(200)
    expect(capped.responseBodyTruncated).toBe(true)
    expect(capped.responseBody).toHaveLength(64 * 1024)
  })

  it('a slow receiver holds only its own attempt: others finish meanwhile', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    const to = await receiver(async (request, _req, res) => {
      if (request.json.n === 0) await held
      res.end('ok')
    })
    const threaded = transport(BUILT_THREAD)
    let slowDone = false
    const slow = threaded.send(signedRequest(to.url, 0)).then((result) => {
      slowDone = true
      return result
    })
    const quick = await Promise.all([1, 2, 3].map((n) => threaded.send(signedRequest(to.url, n))))
    expect(quick.map((result) => result.status)).toEqual([200, 200, 200])
    expect(slowDone).toBe(false)
    release()
    expect((await slow).status).toBe(200)
  })

  it('closing answers attempts still on the wire as failed, and later ones at once', async () => {
    const to = await receiver(() => new Promise<void>(() => {})) // never answers
    const threaded = transport(BUILT_THREAD)
    const pending = threaded.send(signedRequest(to.url, 1))
    await to.waitFor(1)
    await threaded.close()
    expect(await pending).toMatchObject({ status: 0, errorClass: 'network' })
    expect(await threaded.send(signedRequest(to.url, 2))).toMatchObject({
      status: 0,
      errorClass: 'network',
      error: 'delivery is stopping'
    })
  })
})

describe('when the thread fails', () => {
  it('a thread that cannot start sends nothing twice: everything goes out from the main thread', async () => {
    const to = await receiver()
    const problems: string[] = []
    const threaded = transport(new URL('./no-such-thread.js', BUILT_THREAD), problems)
    const results = await Promise.all([1, 2, 3].map((n) => threaded.send(signedRequest(to.url, n))))
    expect(results.map((result) => result.status)).toEqual([200, 200, 200])
    expect(threaded.mode).toBe('main')
    expect((await threaded.send(signedRequest(to.url, 4))).status).toBe(200)
    expect(to.requests.map((request) => request.json.n)).toEqual([1, 2, 3, 4])
    expect(problems).toEqual(['delivery thread could not start; sending on the main thread'])
  })

  it('a thread that dies mid-attempt fails that attempt (to be retried), then restarts, up to a limit', async () => {
    const to = await receiver()
    const problems: string[] = []
    const threaded = transport(DYING_THREAD, problems, 2)
    const first = await threaded.send(signedRequest(to.url, 1))
    expect(first).toMatchObject({ status: 0, errorClass: 'network' })
    expect(first.error).toMatch(/^delivery thread stopped before the receiver answered/)
    expect(threaded.mode).toBe('thread')
    const second = await threaded.send(signedRequest(to.url, 2))
    expect(second).toMatchObject({ status: 0, errorClass: 'network' })
    expect(threaded.mode).toBe('main')
    expect(problems).toHaveLength(2)
    expect(problems[1]).toMatch(/sending on the main thread from now on/)
    // From now on the main thread carries them, and they arrive.
    expect((await threaded.send(signedRequest(to.url, 3))).status).toBe(200)
    expect(to.requests.map((request) => request.json.n)).toEqual([3])
  })
})
