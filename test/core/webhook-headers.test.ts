import { describe, expect, it } from 'vitest'
import type { SecretBox } from '../../src/main/core/support/secret-box'
import { eventually, startHarness, tempDir, type Harness } from '../support/core-harness'
import { receiverWith, setup } from '../support/semantics-rig'

/** A stand-in for the OS keychain: reversible, and leaves no clear value behind. */
const testBox: SecretBox = {
  protection: 'os_keychain',
  seal: (plain) => Buffer.from(plain).reverse().toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').reverse().toString()
}

const API_KEY = 'sk_live_4f9a2b7c1d8e6f30abcd'
const TENANT = 'tenant-42'

/** One plain and one secret header, on a webhook of the products app. */
async function headerHook(harness: Harness, url: string, appId: number) {
  return harness.call('webhooks.create', {
    appId,
    url,
    events: ['brand.created', 'brand.updated'],
    headers: [
      { name: 'X-Tenant', value: TENANT },
      { name: 'Authorization', value: `Bearer ${API_KEY}`, secret: true }
    ]
  })
}

/** Every stored byte of a row as text, to look for a value that must not be there. */
async function rawRows(harness: Harness, table: string): Promise<string> {
  return JSON.stringify(await harness.core.db(table).select('*'))
}

describe('custom webhook headers', () => {
  it('arrive on the first attempt, a retry, a redelivery and a test send, signed as before', async () => {
    const { harness, byKey } = await setup({
      secretBox: testBox,
      retrySchedule: [40],
      random: () => 0.5
    })
    let answered = 0
    const receiver = await receiverWith((_request, _req, res) => {
      res.statusCode = answered++ === 0 ? 500 : 200
      res.end('ok')
    })
    const app = byKey('products')
    const webhook = await headerHook(harness, receiver.url, app.id)
    receiver.secrets.push(webhook.secret)
    await harness.call('entities.create', { type: 'brand', data: { name: 'Headed' } })
    await receiver.waitFor(2)
    const logs = await eventually(async () => {
      const page = await harness.call('logs.list', { appId: app.id })
      return page.items.length === 2 && page.items
    })
    await harness.call('logs.redeliver', { id: logs[0].id })
    await harness.call('webhooks.test', { id: webhook.id })
    const requests = await receiver.waitFor(4)
    expect(requests).toHaveLength(4)
    for (const request of requests) {
      expect(request.headers['x-tenant']).toBe(TENANT)
      expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`)
      expect([request.standardSignatureValid, request.hexSignatureValid]).toEqual([true, true])
    }
    // The retry and the redelivery are the same message; the test send is its own.
    expect(new Set(requests.slice(0, 3).map((r) => r.headers['webhook-id'])).size).toBe(1)
    expect(String(requests[3].headers['webhook-id'])).toMatch(/^msgtest_/)

    // The log shows the headers, the secret one masked with its hint, and stores no clear value.
    const all = await eventually(async () => {
      const page = await harness.call('logs.list', { appId: app.id })
      return page.items.length === 4 && page.items
    })
    for (const item of all) {
      const detail = await harness.call('logs.get', { id: item.id })
      expect(detail.requestHeaders['X-Tenant']).toBe(TENANT)
      expect(detail.requestHeaders.Authorization).toBe('••••abcd')
    }
    const logRows = await rawRows(harness, 'webhook_logs')
    expect(logRows).not.toContain(API_KEY)
    expect(logRows).toContain(TENANT)
  })

  it('stores secret values sealed, lists them as hints, reveals them on request', async () => {
    const { harness, byKey } = await setup({ secretBox: testBox, deliver: false })
    const app = byKey('products')
    const created = await headerHook(harness, 'http://127.0.0.1:9/hook', app.id)
    const shown = [
      { name: 'X-Tenant', value: TENANT, secret: false, hint: null },
      { name: 'Authorization', value: null, secret: true, hint: 'abcd' }
    ]
    expect(created.headers).toEqual(shown)
    expect((await harness.call('webhooks.list', { appId: app.id }))[0].headers).toEqual(shown)
    expect((await harness.call('webhooks.get', { id: created.id })).headers).toEqual(shown)

    const row = await harness.core.db('webhooks').where({ id: created.id }).first('headers')
    expect(String(row.headers)).not.toContain(API_KEY)
    expect(String(row.headers)).toContain('sealed:v1:')
    expect(String(row.headers)).toContain(TENANT)

    expect(await harness.call('webhooks.revealHeaders', { id: created.id })).toEqual({
      headers: [
        { name: 'X-Tenant', value: TENANT, secret: false },
        { name: 'Authorization', value: `Bearer ${API_KEY}`, secret: true }
      ]
    })
    const missing = await harness.fail('webhooks.revealHeaders', { id: 999_999 })
    expect(missing.code).toBe('not_found')
  })

  it('seals secret values stored in clear once a secret box is there', async () => {
    const dataDir = tempDir()
    const plain = await startHarness({ dataDir, deliver: false })
    const [app] = await plain.call('apps.list')
    const created = await headerHook(plain, 'http://127.0.0.1:9/hook', app.id)
    expect(await rawRows(plain, 'webhooks')).toContain(API_KEY)
    await plain.close()
    const sealed = await startHarness({
      dataDir,
      database: plain.database,
      secretBox: testBox,
      deliver: false
    })
    try {
      expect(await rawRows(sealed, 'webhooks')).not.toContain(API_KEY)
      expect((await sealed.call('webhooks.revealHeaders', { id: created.id })).headers[1]).toEqual({
        name: 'Authorization',
        value: `Bearer ${API_KEY}`,
        secret: true
      })
    } finally {
      await sealed.close()
    }
  })

  it('keeps a secret value an update leaves out, replaces the list, and refuses a value to keep that is not there', async () => {
    const { harness, byKey } = await setup({ secretBox: testBox, deliver: false })
    const app = byKey('products')
    const created = await headerHook(harness, 'http://127.0.0.1:9/hook', app.id)

    // Renamed fields elsewhere, the secret sent as null, a new header added: the value stays.
    const updated = await harness.call('webhooks.update', {
      id: created.id,
      name: 'Renamed',
      headers: [
        { name: 'authorization', value: null, secret: true },
        { name: 'X-Route', value: 'eu-west' }
      ]
    })
    expect(updated.headers.map((h) => [h.name, h.value, h.hint])).toEqual([
      ['authorization', null, 'abcd'],
      ['X-Route', 'eu-west', null]
    ])
    expect((await harness.call('webhooks.revealHeaders', { id: created.id })).headers[0]).toEqual({
      name: 'authorization',
      value: `Bearer ${API_KEY}`,
      secret: true
    })
    // An update without `headers` keeps them.
    await harness.call('webhooks.update', { id: created.id, name: 'Again' })
    expect((await harness.call('webhooks.get', { id: created.id })).headers).toHaveLength(2)

    const nothingToKeep = await harness.fail('webhooks.update', {
      id: created.id,
      headers: [{ name: 'X-Other-Key', value: null, secret: true }]
    })
    expect(nothingToKeep.issues).toEqual([
      {
        path: 'headers.0.value',
        message: '"X-Other-Key" has no stored secret value to keep; enter its value'
      }
    ])
    const onCreate = await harness.fail('webhooks.create', {
      appId: app.id,
      url: 'http://127.0.0.1:9/hook',
      events: ['brand.created'],
      headers: [{ name: 'X-Key', value: null, secret: true }]
    })
    expect(onCreate.issues?.[0].path).toBe('headers.0.value')

    await harness.call('webhooks.update', { id: created.id, headers: [] })
    expect((await harness.call('webhooks.get', { id: created.id })).headers).toEqual([])
    expect(await harness.core.db('webhooks').where({ id: created.id }).first('headers')).toEqual({
      headers: null
    })
  })

  it('refuses reserved, malformed and duplicate names and bad values, naming the field', async () => {
    const { harness, byKey } = await setup({ deliver: false })
    const appId = byKey('products').id
    const refused = async (headers: unknown[]) =>
      (
        await harness.fail('webhooks.create', {
          appId,
          url: 'http://127.0.0.1:9/hook',
          events: ['brand.created'],
          headers
        })
      ).issues
    const one = (name: string, value = 'v') => [
      { name: 'X-Fine', value: 'ok' },
      { name, value }
    ]

    for (const name of [
      'Webhook-Id',
      'webhook-timestamp',
      'Webhook-Signature',
      'X-Webhook-Signature',
      'x-webhook-event',
      'Content-Type',
      'User-Agent'
    ])
      expect(await refused(one(name))).toEqual([
        { path: 'headers.1.name', message: `"${name}" is set by the app and cannot be overridden` }
      ])
    for (const name of ['Host', 'Content-Length', 'Transfer-Encoding', 'Connection', 'Upgrade'])
      expect(await refused(one(name))).toEqual([
        {
          path: 'headers.1.name',
          message: `"${name}" belongs to the HTTP connection and cannot be set`
        }
      ])
    for (const name of ['X Space', 'X:Colon', '', 'Ünicode'])
      expect((await refused(one(name)))?.[0].path).toBe('headers.1.name')
    expect(await refused(one('X-Line', 'a\r\nInjected: yes'))).toEqual([
      { path: 'headers.1.value', message: 'must not contain line breaks or NUL characters' }
    ])
    expect((await refused(one('X-Big', 'x'.repeat(4097))))?.[0]).toEqual({
      path: 'headers.1.value',
      message: 'must be at most 4 KiB'
    })
    expect(await refused(one('x-fine'))).toEqual([
      { path: 'headers.1.name', message: '"x-fine" is already header 1; each name once' }
    ])
    const many = Array.from({ length: 21 }, (_, i) => ({ name: `X-H${i}`, value: 'v' }))
    expect(await refused(many)).toEqual([{ path: 'headers', message: 'at most 20 headers' }])
    expect(await refused([{ name: 'X-Plain', value: null }])).toEqual([
      {
        path: 'headers.0.value',
        message: 'only a secret header may leave its value out (null keeps the stored one)'
      }
    ])
    // Twenty is fine, and a refused call changed nothing.
    const twenty = await harness.call('webhooks.create', {
      appId,
      url: 'http://127.0.0.1:9/hook',
      events: ['brand.created'],
      headers: many.slice(0, 20)
    })
    expect(twenty.headers).toHaveLength(20)
    expect(await harness.call('webhooks.list', { appId })).toHaveLength(1)
  })
})
