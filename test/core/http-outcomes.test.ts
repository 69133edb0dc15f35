import { createServer } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { generate as generateCertificate } from 'selfsigned'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '@shared/dto'
import { RESPONSE_BODY_CAP_BYTES } from '../../src/main/core/delivery/transport/http-sender'
import type { CoreOptions } from '../../src/main/core/pim-core'
import { eventually } from '../support/core-harness'
import { brand, rig } from '../support/fault-rig'
import type { Responder } from '../support/receiver'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** One brand.created delivery against a receiver answering with `respond`; returns its first log. */
async function deliverOnce(respond: Responder, options: Partial<CoreOptions> = {}) {
  const r = await rig(respond, options, [])
  const pushed: PushEvent[] = []
  r.harness.core.onPush((event) => pushed.push(event))
  await brand(r.harness, 'Outcome')
  const [first] = await r.attempts(1)
  const log = await r.detail(first)
  return { harness: r.harness, receiver: r.receiver, webhook: { id: r.webhookId }, log, pushed }
}

describe('what the receiver answers ends up in the log', () => {
  it('stores at most 64 KiB of a large response body and marks it truncated', async () => {
    const chunk = 'y'.repeat(64 * 1024)
    const { log } = await deliverOnce((_request, _req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      for (let n = 0; n < 32; n++) res.write(chunk) // 2 MiB
      res.end()
    })
    expect(log.responseStatus).toBe(200)
    expect(log.responseBody.length).toBe(RESPONSE_BODY_CAP_BYTES)
    expect(log.responseBodyTruncated).toBe(true)
    expect(log.delivery?.status).toBe('succeeded')
  })

  it('gives up on a receiver that never answers after the total timeout, with status 0', async () => {
    const { log } = await deliverOnce(() => {}, {
      settings: { connectTimeoutMs: 200, totalTimeoutMs: 400 }
    })
    expect(log).toMatchObject({ responseStatus: 0, errorClass: 'timeout' })
    expect(log.responseTimeMs).toBeGreaterThanOrEqual(400)
    expect(log.responseTimeMs).toBeLessThan(5_000)
    expect(log.delivery?.status).toBe('failed')
  })

  it('treats a redirect as a failure and never contacts its target', async () => {
    let targetHits = 0
    const target = createServer((_req, res) => {
      targetHits += 1
      res.end('should not be here')
    })
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => target.close(() => resolve())))
    const location = `http://127.0.0.1:${(target.address() as AddressInfo).port}/elsewhere`
    const { log } = await deliverOnce((_request, _req, res) => {
      res.writeHead(302, { location })
      res.end()
    })
    expect(log).toMatchObject({ responseStatus: 302, errorClass: 'redirect' })
    expect(log.error).toContain(location)
    expect(targetHits).toBe(0)
  })

  it('disables the webhook with a visible reason when the receiver answers 410 Gone', async () => {
    const { harness, webhook, log, pushed } = await deliverOnce((_request, _req, res) => {
      res.statusCode = 410
      res.end('gone')
    })
    expect(log.responseStatus).toBe(410)
    // The UI hears about it without polling.
    await eventually(async () =>
      pushed.some((event) => event.type === 'webhook.changed' && event.webhookId === webhook.id)
    )
    const after = await harness.call('webhooks.get', { id: webhook.id })
    expect(after.active).toBe(false)
    expect(after.disabledReason).toContain('410 Gone')
    expect(after.disabledAt).not.toBeNull()
    // Turning it back on by hand clears the reason.
    await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'activate' })
    expect(await harness.call('webhooks.get', { id: webhook.id })).toMatchObject({
      active: true,
      disabledReason: null
    })
  })

  it('records a connection reset as status 0 with its class', async () => {
    const { log } = await deliverOnce((_request, req) => {
      req.socket.destroy()
    })
    expect(log).toMatchObject({ responseStatus: 0, errorClass: 'connection_reset' })
  })

  it('refuses a receiver whose TLS certificate is not trusted, as a tls error', async () => {
    const pems = await generateCertificate([{ name: 'commonName', value: '127.0.0.1' }])
    let reached = 0
    const server = createTlsServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
      reached += 1
      res.end('ok')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    const { harness, webhook } = await deliverOnce((_request, _req, res) => void res.end())
    const port = (server.address() as AddressInfo).port
    await harness.call('webhooks.update', { id: webhook.id, url: `https://127.0.0.1:${port}/hook` })
    const result = await harness.call('webhooks.test', { id: webhook.id })
    expect(result.log).toMatchObject({ responseStatus: 0, errorClass: 'tls' })
    expect(result.log.error).toMatch(/self[- ]signed/i)
    expect(reached).toBe(0)
  })
})
