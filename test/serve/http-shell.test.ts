import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ApiErrorBody, ApiResponse } from '../../src/shared/api-contract'
import type { AppDto, PushEvent } from '../../src/shared/dto'
import { eventually } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'

interface NodeAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

/** node:http, because fetch will not let a test set `Host`. */
function rawRequest(
  port: number,
  options: { method: string; path: string; headers: Record<string, string>; body?: string }
): Promise<NodeAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        headers: options.headers
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }))
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

function errorOf(text: string): ApiErrorBody {
  const body = JSON.parse(text) as ApiResponse<unknown>
  if (body.ok) throw new Error(`expected an error answer, got ${text}`)
  return body.error
}

async function fetchError(response: Response): Promise<ApiErrorBody> {
  return errorOf(await response.text())
}

let shell: ShellProcess
let receiver: TestReceiver | undefined

beforeEach(async () => {
  shell = await startShell()
})

afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

async function productsApp(target: ShellProcess = shell): Promise<AppDto> {
  const apps = await target.call('apps.list', {})
  const app = apps.find((candidate) => candidate.key === 'products')
  if (!app) throw new Error(`no products app in ${JSON.stringify(apps)}`)
  return app
}

function apiUrl(method: string): string {
  return `${shell.baseUrl}/api/${method}`
}

const jsonHeaders = (): Record<string, string> => ({
  authorization: `Bearer ${shell.token}`,
  'content-type': 'application/json'
})

describe('headless shell over real HTTP: access control', () => {
  it('answers 401 without a token and with a wrong one, and 200 with the right one', async () => {
    const missing = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(missing.status).toBe(401)
    expect((await fetchError(missing)).code).toBe('unauthorized')

    const wrong = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: { ...jsonHeaders(), authorization: `Bearer ${shell.token}x` },
      body: '{}'
    })
    expect(wrong.status).toBe(401)
    expect((await fetchError(wrong)).code).toBe('unauthorized')

    // The token in the query string is only for the event stream, not for API calls.
    const queryToken = await fetch(`${apiUrl('apps.list')}?token=${shell.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    expect(queryToken.status).toBe(401)

    const right = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: jsonHeaders(),
      body: '{}'
    })
    expect(right.status).toBe(200)
    const body = (await right.json()) as ApiResponse<AppDto[]>
    expect(body.ok).toBe(true)
    if (body.ok) expect(body.data.map((app) => app.key)).toContain('products')
  })

  it('answers 403 to a foreign Host header even with the right token', async () => {
    const foreign = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), host: `evil.example:${shell.port}` },
      body: '{}'
    })
    expect(foreign.status).toBe(403)
    expect(errorOf(foreign.text).code).toBe('forbidden')

    // DNS rebinding also hits the UI, not only the API.
    const page = await rawRequest(shell.port, {
      method: 'GET',
      path: '/',
      headers: { host: `evil.example:${shell.port}` }
    })
    expect(page.status).toBe(403)

    // The same request with the loopback host is accepted, so it was the Host that was refused.
    const local = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), host: `localhost:${shell.port}` },
      body: '{}'
    })
    expect(local.status).toBe(200)
  })

  it('answers 403 to a foreign Origin even with the right token', async () => {
    for (const origin of ['http://evil.example', `https://127.0.0.1:${shell.port}`, 'null']) {
      const answer = await rawRequest(shell.port, {
        method: 'POST',
        path: '/api/apps.list',
        headers: { ...jsonHeaders(), origin },
        body: '{}'
      })
      expect(answer.status, origin).toBe(403)
      expect(errorOf(answer.text).code).toBe('forbidden')
    }

    const sameOrigin = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { ...jsonHeaders(), origin: `http://127.0.0.1:${shell.port}` },
      body: '{}'
    })
    expect(sameOrigin.status).toBe(200)
  })
})

describe('headless shell over real HTTP: request validation', () => {
  it('answers 400 for malformed JSON with a message saying so', async () => {
    const response = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: jsonHeaders(),
      body: '{"name": '
    })
    expect(response.status).toBe(400)
    const error = await fetchError(response)
    expect(error.code).toBe('invalid_argument')
    expect(error.message).toMatch(/malformed json/i)
  })

  it('answers 400 when the body is JSON but not an object', async () => {
    const response = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: jsonHeaders(),
      body: '[1, 2]'
    })
    expect(response.status).toBe(400)
    expect((await fetchError(response)).message).toMatch(/object/i)
  })

  it('answers 404 unknown_method for a method that does not exist', async () => {
    const response = await fetch(apiUrl('nope.nothing'), {
      method: 'POST',
      headers: jsonHeaders(),
      body: '{}'
    })
    expect(response.status).toBe(404)
    const error = await fetchError(response)
    expect(error.code).toBe('unknown_method')
    expect(error.message).toContain('nope.nothing')
  })

  it('answers 405 with Allow: POST for GET on an API method', async () => {
    const response = await fetch(apiUrl('apps.list'), {
      headers: { authorization: `Bearer ${shell.token}` }
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('POST')
    expect((await fetchError(response)).message).toMatch(/POST/)
  })

  it('answers 415 without a JSON content type', async () => {
    const plain = await fetch(apiUrl('apps.list'), {
      method: 'POST',
      headers: { authorization: `Bearer ${shell.token}`, 'content-type': 'text/plain' },
      body: '{}'
    })
    expect(plain.status).toBe(415)
    expect((await fetchError(plain)).message).toMatch(/content-type/i)

    const none = await rawRequest(shell.port, {
      method: 'POST',
      path: '/api/apps.list',
      headers: { authorization: `Bearer ${shell.token}` },
      body: '{}'
    })
    expect(none.status).toBe(415)
  })

  it('answers 413 for a body over 1 MiB and keeps serving', async () => {
    const app = await productsApp()
    const big = JSON.stringify({ type: 'product', data: { name: 'x'.repeat(1024 * 1024 + 16) } })
    const response = await fetch(apiUrl('entities.create'), {
      method: 'POST',
      headers: jsonHeaders(),
      body: big
    })
    expect(response.status).toBe(413)
    expect((await fetchError(response)).message).toMatch(/bytes/)

    const listed = await shell.call('entities.list', { type: 'product' })
    expect(listed.total).toBe(0)
    expect((await shell.call('webhooks.list', { appId: app.id })).length).toBe(0)
  })

  it('rejects a javascript: webhook URL with 400 naming the url field, and writes nothing', async () => {
    const app = await productsApp()
    const answer = await shell.post('webhooks.create', {
      appId: app.id,
      url: 'javascript:alert(1)',
      events: ['product.created']
    })
    expect(answer.status).toBe(400)
    expect(answer.body.ok).toBe(false)
    if (answer.body.ok) return
    expect(answer.body.error.code).toBe('invalid_argument')
    expect(answer.body.error.message).toMatch(/\burl\b/)
    expect(answer.body.error.issues?.map((issue) => issue.path)).toEqual(['url'])
    expect(await shell.call('webhooks.list', { appId: app.id })).toEqual([])
  })
})

describe('headless shell over real HTTP: UI and push events', () => {
  it('serves the built renderer HTML at /', async () => {
    const response = await fetch(`${shell.baseUrl}/`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await response.text()
    expect(html).toMatch(/^<!doctype html>/i)
    expect(html).toContain('<div id="app">')

    // A client-side route falls back to the same app shell.
    const route = await fetch(`${shell.baseUrl}/webhooks/1`)
    expect(route.status).toBe(200)
    expect(await route.text()).toBe(html)
  })

  it('refuses the event stream without a token', async () => {
    const response = await fetch(`${shell.baseUrl}/api/events`)
    expect(response.status).toBe(401)
  })

  it('streams a log.created server-sent event after a delivery', async () => {
    receiver = await startReceiver()
    const app = await productsApp()
    const webhook = await shell.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.created']
    })
    receiver.secrets.push(webhook.secret)

    const abort = new AbortController()
    const stream = await fetch(`${shell.baseUrl}/api/events?token=${shell.token}`, {
      signal: abort.signal
    })
    expect(stream.status).toBe(200)
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/)
    if (!stream.body) throw new Error('no event stream body')
    const reader = stream.body.getReader()
    const decoder = new TextDecoder()
    const events: PushEvent[] = []
    let buffer = ''
    const readEvents = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return
          buffer += decoder.decode(value, { stream: true })
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            for (const line of frame.split('\n'))
              if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as PushEvent)
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })()

    try {
      const product = await shell.call('entities.create', {
        type: 'product',
        data: { name: 'Streamed', sku: 'SSE-1' }
      })
      const [request] = await receiver.waitFor(1)
      expect(request.standardSignatureValid).toBe(true)
      expect((request.json.product as { externalId: string }).externalId).toBe(product.externalId)

      const pushed = await eventually(async () =>
        events.find((event) => event.type === 'log.created')
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
      abort.abort()
      await readEvents
    }
  })
})

describe('headless shell process lifecycle', () => {
  it('exits 0 on SIGTERM after finishing the in-flight delivery, and a restart sees the data', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    receiver = await startReceiver(async (_request, _req, res) => {
      await held
      res.end('late ok')
    })
    const app = await productsApp()
    const webhook = await shell.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.created']
    })
    receiver.secrets.push(webhook.secret)
    const product = await shell.call('entities.create', {
      type: 'product',
      data: { name: 'Survivor', sku: 'SURV-1' }
    })
    await receiver.waitFor(1)

    // The delivery is in flight while the shell is told to stop; it must wait for it.
    shell.kill('SIGTERM')
    const exit = shell.waitForExit(10_000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(shell.child.exitCode).toBeNull()
    release()
    expect(await exit).toEqual({ code: 0, signal: null })
    expect(shell.output().stdout).toContain('SIGTERM: finishing in-flight deliveries')

    const restarted = await startShell({ dataDir: shell.dataDir, token: shell.token })
    const products = await restarted.call('entities.list', { type: 'product' })
    expect(products.items.map((item) => item.externalId)).toEqual([product.externalId])
    expect(products.items[0].fields).toMatchObject({ name: 'Survivor', sku: 'SURV-1' })
    const webhooks = await restarted.call('webhooks.list', { appId: app.id })
    expect(webhooks.map((item) => [item.id, item.secret])).toEqual([[webhook.id, webhook.secret]])

    // The drained attempt was logged and finished, so the restart does not send it again.
    const logs = await restarted.call('logs.list', { appId: app.id })
    expect(logs.items).toHaveLength(1)
    expect(logs.items[0]).toMatchObject({ responseStatus: 200, attempt: 1 })
    const detail = await restarted.call('logs.get', { id: logs.items[0].id })
    expect(detail.delivery?.status).toBe('succeeded')
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(receiver.requests).toHaveLength(1)
  })
})
