import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiResponse } from '@shared/api-contract'
import { eventually } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'
import { eventTicket, fetchError, productsApp, rawRequest, readEvents } from './http-helpers'

let shell: ShellProcess
let receiver: TestReceiver | undefined

beforeEach(async () => {
  shell = await startShell()
})

afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

/** Opens the stream and returns its status; a 200 stream is closed again at once. */
async function openStream(query: string, headers: Record<string, string> = {}): Promise<number> {
  const abort = new AbortController()
  const response = await fetch(`${shell.baseUrl}/api/events${query}`, {
    headers,
    signal: abort.signal
  })
  if (response.status === 200) abort.abort()
  else await response.arrayBuffer()
  return response.status
}

describe('headless shell event stream: tickets', () => {
  it('refuses the stream without a ticket, and with the token in the query string', async () => {
    expect(await openStream('')).toBe(401)
    const withToken = await fetch(`${shell.baseUrl}/api/events?token=${shell.token}`)
    expect(withToken.status).toBe(401)
    expect((await fetchError(withToken)).message).toMatch(/ticket/)
  })

  it('hands out tickets only for the bearer token, and only by POST', async () => {
    const anonymous = await fetch(`${shell.baseUrl}/api/events/ticket`, { method: 'POST' })
    expect(anonymous.status).toBe(401)
    await anonymous.arrayBuffer()
    const byGet = await fetch(`${shell.baseUrl}/api/events/ticket`, {
      headers: { authorization: `Bearer ${shell.token}` }
    })
    expect(byGet.status).toBe(405)
    expect(byGet.headers.get('allow')).toBe('POST')
    await byGet.arrayBuffer()

    const issued = await fetch(`${shell.baseUrl}/api/events/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shell.token}` }
    })
    expect(issued.status).toBe(200)
    expect(issued.headers.get('cache-control')).toBe('no-store')
    const body = (await issued.json()) as ApiResponse<{ ticket: string; expiresInMs: number }>
    if (!body.ok) throw new Error(JSON.stringify(body.error))
    expect(body.data.ticket).toMatch(/^[\w-]{43}$/)
    expect(body.data.ticket).not.toContain(shell.token)
    expect(body.data.expiresInMs).toBe(30_000)
  })

  it('opens the stream once per ticket', async () => {
    const ticket = await eventTicket(shell)
    expect(await openStream(`?ticket=${ticket}`)).toBe(200)
    expect(await openStream(`?ticket=${ticket}`)).toBe(401)
    expect(await openStream(`?ticket=${ticket}x`)).toBe(401)
    expect(await openStream(`?ticket=${await eventTicket(shell)}`)).toBe(200)
  })

  it('lets a non-browser client open it with the bearer header instead', async () => {
    expect(await openStream('', { authorization: `Bearer ${shell.token}` })).toBe(200)
    expect(await openStream('', { authorization: `Bearer ${shell.token}x` })).toBe(401)
    // A ticket does not make a wrong bearer header right.
    const ticket = await eventTicket(shell)
    const mixed = await rawRequest(shell.port, {
      method: 'GET',
      path: `/api/events?ticket=${ticket}`,
      headers: { authorization: 'Bearer wrong' }
    })
    expect(mixed.status).toBe(401)
  })
})

describe('headless shell event stream: push events', () => {
  it('streams a log.created server-sent event after a delivery', async () => {
    receiver = await startReceiver()
    const app = await productsApp(shell)
    const webhook = await shell.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.created']
    })
    receiver.secrets.push(webhook.secret)

    const abort = new AbortController()
    const stream = await fetch(`${shell.baseUrl}/api/events?ticket=${await eventTicket(shell)}`, {
      signal: abort.signal
    })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const reader = readEvents(stream, abort)

    try {
      const product = await shell.call('entities.create', {
        type: 'product',
        data: { name: 'Streamed', sku: 'SSE-1' }
      })
      const [request] = await receiver.waitFor(1)
      expect(request.standardSignatureValid).toBe(true)
      expect((request.json.product as { externalId: string }).externalId).toBe(product.externalId)

      const pushed = await eventually(async () =>
        reader.events.find((event) => event.type === 'log.created')
      )
      if (pushed.type !== 'log.created') throw new Error('unreachable')
      expect(pushed.log).toMatchObject({
        webhookId: webhook.id,
        webhookExternalId: webhook.externalId,
        appId: app.id,
        event: 'product.created',
        responseStatus: 200,
        messageId: request.headers['webhook-id'],
        attempt: 1
      })
    } finally {
      await reader.close()
    }
  })
})
