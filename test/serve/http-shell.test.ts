import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../src/main/shell-common/content-security-policy'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'
import {
  errorOf,
  fetchError,
  jsonHeaders as headersFor,
  productsApp as appOf,
  rawRequest
} from './http-helpers'

let shell: ShellProcess
let receiver: TestReceiver | undefined

beforeEach(async () => {
  shell = await startShell()
})

afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

const productsApp = (): ReturnType<typeof appOf> => appOf(shell)
const jsonHeaders = (): Record<string, string> => headersFor(shell)

function apiUrl(method: string): string {
  return `${shell.baseUrl}/api/${method}`
}

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

  it('answers 400 JSON, never 500, to a malformed path, and logs no stack trace', async () => {
    const api = { ...jsonHeaders() }
    for (const [method, path, headers] of [
      ['GET', '/%E0%A4%A', {}],
      ['GET', '/assets/%ZZ.js', {}],
      ['HEAD', '/webhooks/%E0', {}],
      ['GET', '/%00', {}],
      ['POST', '/api/%E0%A4%A', api],
      ['POST', '/api/apps.list%', api],
      ['GET', '/api/events%', {}]
    ] as const) {
      const answer = await rawRequest(shell.port, {
        method,
        path,
        headers: { ...headers, host: `127.0.0.1:${shell.port}` },
        body: method === 'POST' ? '{}' : undefined
      })
      expect(answer.status, `${method} ${path}`).toBe(400)
      expect(answer.headers['content-type'], path).toMatch(/^application\/json/)
      if (method !== 'HEAD') {
        const error = errorOf(answer.text)
        expect(error.code).toBe('invalid_argument')
        expect(error.message).toMatch(/malformed request path/i)
      }
    }
    expect(shell.output().stderr).not.toMatch(/URIError|HTTP handler failed|\n\s+at /)
    expect((await fetch(`${shell.baseUrl}/`)).status).toBe(200)
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

describe('headless shell over real HTTP: UI', () => {
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
})

describe('headless shell over real HTTP: security headers', () => {
  it('sends the desktop window policy, nosniff and no-referrer with every HTML answer', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("base-uri 'none'")
    for (const path of ['/', '/index.html', '/webhooks/1', '/?token=x']) {
      const response = await fetch(`${shell.baseUrl}${path}`)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(response.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer')
      await response.arrayBuffer()
    }
  })

  it('sends the same headers with JSON answers, errors and files', async () => {
    const answers = [
      await fetch(apiUrl('apps.list'), { method: 'POST', headers: jsonHeaders(), body: '{}' }),
      await fetch(apiUrl('apps.list'), { method: 'POST', body: '{}' }),
      await fetch(`${shell.baseUrl}/no-such-file.js`),
      await fetch(`${shell.baseUrl}/favicon.svg`)
    ]
    for (const response of answers) {
      expect(response.headers.get('content-security-policy'), response.url).toBe(
        CONTENT_SECURITY_POLICY
      )
      expect(response.headers.get('x-content-type-options'), response.url).toBe('nosniff')
      expect(response.headers.get('referrer-policy'), response.url).toBe('no-referrer')
      await response.arrayBuffer()
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
    expect(webhooks.map((item) => item.id)).toEqual([webhook.id])
    expect(await restarted.call('webhooks.revealSecret', { id: webhook.id })).toEqual({
      secret: webhook.secret
    })

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
