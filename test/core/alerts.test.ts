import { afterEach, describe, expect, it } from 'vitest'
import type { AlertDto } from '@shared/dto'
import {
  eventually,
  onPostgres,
  quietPeriod,
  startHarness,
  type Harness
} from '../support/core-harness'
import { ManualClock } from '../support/manual-clock'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { AlertSender } from '../../src/main/core/alerts/alert-sender'
import { inProcessTransport } from '../../src/main/core/delivery/transport/transport'
import { generateSecret } from '../../src/main/core/delivery/transport/signing'
import { DEFAULT_DELIVERY_SETTINGS } from '@shared/delivery-settings'

const MINUTE = 60_000
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface AlertRig {
  harness: Harness
  clock: ManualClock
  appId: number
  webhookId: number
  /** The webhook's receiver; it answers `status`. */
  receiver: TestReceiver
  /** The app's alert URL: it checks the alert secret's signature. */
  alertReceiver: TestReceiver
  pushed: AlertDto[]
  setStatus(status: number): void
  /** Saves `count` brands and waits until the webhook's receiver got `total` requests. */
  saves(count: number, total: number): Promise<void>
  health(): Promise<string>
}

// The clock starts at the wall clock: Standard Webhooks receivers refuse old timestamps.
async function alertRig(): Promise<AlertRig> {
  const clock = new ManualClock(Date.now())
  const harness = await startHarness({ clock, random: () => 0.5 })
  let status = 500
  const receiver = await startReceiver((_request, _req, res) => {
    res.statusCode = status
    res.end()
  })
  const alertReceiver = await startReceiver()
  cleanups.push(
    () => harness.close(),
    () => receiver.close(),
    () => alertReceiver.close()
  )
  const appId = (await harness.call('apps.list'))[0].id
  // No retries: each failed delivery is one failed attempt, so three saves make it Failing.
  const webhook = await harness.call('webhooks.create', {
    appId,
    name: 'ERP',
    url: receiver.url,
    events: ['brand.created'],
    retrySchedule: []
  })
  const settings = await harness.call('alerts.updateSettings', {
    appId,
    webhookUrl: alertReceiver.url
  })
  expect(settings).toMatchObject({ enabled: true, webhookUrl: alertReceiver.url })
  const { secret } = await harness.call('alerts.revealSecret', { appId })
  expect(settings.secretHint).toBe(secret.slice(-4))
  alertReceiver.secrets.push(secret)
  const pushed: AlertDto[] = []
  harness.core.onPush((event) => {
    if (event.type === 'alert.raised') pushed.push(event.alert)
  })
  let saved = 0
  return {
    harness,
    clock,
    appId,
    webhookId: webhook.id,
    receiver,
    alertReceiver,
    pushed,
    setStatus: (next) => void (status = next),
    async saves(count, total) {
      for (let n = 0; n < count; n++)
        await harness.call('entities.create', { type: 'brand', data: { name: `b${++saved}` } })
      await receiver.waitFor(total)
    },
    health: async () => (await harness.call('webhooks.get', { id: webhook.id })).health.state
  }
}

const alertList = (r: AlertRig) => r.harness.call('alerts.list', { appId: r.appId })

describe('alerts', () => {
  it('tells Failing once, stays quiet while it lasts, tells the recovery once and keeps a flap quiet', async () => {
    const r = await alertRig()
    await r.saves(3, 3)
    await eventually(async () => (await r.health()) === 'failing')
    await r.harness.core.alerts.checkNow()

    const [raised] = await r.alertReceiver.waitFor(1)
    expect(raised.standardSignatureValid).toBe(true)
    expect(raised.headers['x-webhook-event']).toBe('webhook.alert')
    expect(raised.json).toMatchObject({
      type: 'webhook.alert',
      kind: 'failing',
      state: 'raised',
      app: { id: r.appId, name: 'Products' },
      webhook: { id: r.webhookId, name: 'ERP', host: new URL(r.receiver.url).host }
    })
    // The health verdict's reason follows (the monitor may look after the second failure).
    expect(raised.json.text).toMatch(/^Webhook "ERP" is failing \(app Products\): .*in a row.*\.$/)
    expect(JSON.stringify(raised.json)).not.toContain('/hook')
    const first = await alertList(r)
    expect(first.unread).toBe(1)
    expect(first.items).toMatchObject([
      {
        appId: r.appId,
        webhookId: r.webhookId,
        webhookName: 'ERP',
        kind: 'failing',
        state: 'raised',
        title: 'Webhook "ERP" is failing',
        readAt: null
      }
    ])
    expect(r.pushed.map((alert) => alert.id)).toEqual([first.items[0].id])

    // Still failing: nothing new, however often the monitor looks.
    await r.saves(2, 5)
    await r.harness.core.alerts.checkNow()
    await r.harness.core.alerts.checkNow()
    await quietPeriod()
    expect(r.alertReceiver.requests).toHaveLength(1)
    expect((await alertList(r)).items).toHaveLength(1)

    // Three successes in a row leave Failing: one recovery notice.
    r.setStatus(200)
    await r.saves(3, 8)
    await eventually(async () => (await r.health()) !== 'failing')
    await r.harness.core.alerts.checkNow()
    const [, recovered] = await r.alertReceiver.waitFor(2)
    expect(recovered.standardSignatureValid).toBe(true)
    expect(recovered.json).toMatchObject({ kind: 'failing', state: 'recovered' })
    expect(recovered.json.text).toBe('Webhook "ERP" recovered (app Products).')
    await r.harness.core.alerts.checkNow()
    await quietPeriod()
    expect(r.alertReceiver.requests).toHaveLength(2)
    expect((await alertList(r)).items.map((alert) => alert.state)).toEqual(['recovered', 'raised'])

    // Failing again 10 minutes after the recovery notice: inside the quiet period, no notice.
    r.clock.advance(10 * MINUTE)
    r.setStatus(500)
    await r.saves(3, 11)
    await eventually(async () => (await r.health()) === 'failing')
    await r.harness.core.alerts.checkNow()
    await quietPeriod()
    expect(r.alertReceiver.requests).toHaveLength(2)
    expect((await alertList(r)).items).toHaveLength(2)

    // Still failing when the 30-minute quiet period ends: told then, once.
    r.clock.advance(21 * MINUTE)
    await r.harness.core.alerts.checkNow()
    const [, , late] = await r.alertReceiver.waitFor(3)
    expect(late.json).toMatchObject({ kind: 'failing', state: 'raised' })
    await r.harness.core.alerts.checkNow()
    await quietPeriod()
    expect(r.alertReceiver.requests).toHaveLength(3)
    expect(await alertList(r)).toMatchObject({ unread: 3 })
    expect(r.pushed).toHaveLength(3)
  })

  it('raises Disabled when a 410 Gone switches the webhook off, and tells its re-enabling', async () => {
    const r = await alertRig()
    r.setStatus(410)
    await r.saves(1, 1)
    await eventually(async () => (await r.health()) === 'disabled')
    await r.harness.core.alerts.checkNow()
    const [disabled] = await r.alertReceiver.waitFor(1)
    expect(disabled.json).toMatchObject({ kind: 'disabled', state: 'raised' })
    expect(String(disabled.json.text)).toMatch(
      /^Webhook "ERP" was disabled \(app Products\): .*410/
    )
    expect((await alertList(r)).items[0]).toMatchObject({ kind: 'disabled', state: 'raised' })

    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'activate' })
    await r.harness.core.alerts.checkNow()
    const [, enabled] = await r.alertReceiver.waitFor(2)
    expect(enabled.json).toMatchObject({ kind: 'disabled', state: 'recovered' })
    expect(r.alertReceiver.requests).toHaveLength(2)
  })

  it('raises Held once deliveries waited on hold longer than the threshold', async () => {
    const r = await alertRig()
    await r.harness.call('alerts.updateSettings', { appId: r.appId, heldThresholdMinutes: 15 })
    await r.harness.call('webhooks.hold', { id: r.webhookId })
    await r.harness.call('entities.create', { type: 'brand', data: { name: 'waits' } })
    r.clock.advance(14 * MINUTE)
    await r.harness.core.alerts.checkNow()
    await quietPeriod()
    expect(r.alertReceiver.requests).toHaveLength(0)

    r.clock.advance(MINUTE)
    await r.harness.core.alerts.checkNow()
    const [held] = await r.alertReceiver.waitFor(1)
    expect(held.json).toMatchObject({ kind: 'held', state: 'raised' })
    expect(held.json.text).toBe(
      'Webhook "ERP" holds old deliveries (app Products): deliveries have waited on hold for over 15 minutes.'
    )
    expect(r.receiver.requests).toHaveLength(0)

    await r.harness.call('webhooks.discardHeld', { id: r.webhookId })
    await r.harness.core.alerts.checkNow()
    const [, cleared] = await r.alertReceiver.waitFor(2)
    expect(cleared.json).toMatchObject({ kind: 'held', state: 'recovered' })
  })

  it('keeps in-app notices off when disabled, and marks alerts read', async () => {
    const r = await alertRig()
    await r.harness.call('alerts.updateSettings', { appId: r.appId, enabled: false })
    await r.saves(3, 3)
    await eventually(async () => (await r.health()) === 'failing')
    await r.harness.core.alerts.checkNow()
    await r.alertReceiver.waitFor(1)
    expect(await alertList(r)).toEqual({ items: [], unread: 0 })
    expect(r.pushed).toHaveLength(0)

    await r.harness.call('alerts.updateSettings', { appId: r.appId, enabled: true })
    r.setStatus(200)
    await r.saves(3, 6)
    await r.harness.core.alerts.checkNow()
    const page = await eventually(async () => {
      const listed = await alertList(r)
      return listed.items.length === 1 ? listed : undefined
    })
    expect(page.items[0]).toMatchObject({ state: 'recovered' })
    expect(await r.harness.call('alerts.markRead', { ids: [page.items[0].id] })).toEqual({
      marked: 1
    })
    expect(await alertList(r)).toMatchObject({ unread: 0 })
    expect(await r.harness.call('alerts.markRead', { all: true })).toEqual({ marked: 0 })
    expect(await r.harness.call('alerts.list', { appId: r.appId, unreadOnly: true })).toEqual({
      items: [],
      unread: 0
    })

    // A deleted webhook's alerts stay, without their webhook id.
    await r.harness.call('webhooks.bulk', { ids: [r.webhookId], action: 'delete' })
    expect((await alertList(r)).items[0]).toMatchObject({ webhookId: null, webhookName: 'ERP' })
  })

  it('validates settings with errors that name the field, and sends a test alert', async () => {
    const r = await alertRig()
    const tooLong = await r.harness.fail('alerts.updateSettings', {
      appId: r.appId,
      heldThresholdMinutes: 10_081
    })
    expect(tooLong.code).toBe('invalid_argument')
    expect(tooLong.issues).toEqual([
      { path: 'heldThresholdMinutes', message: 'must be at most 10080 minutes (7 days)' }
    ])
    const quiet = await r.harness.fail('alerts.updateSettings', {
      appId: r.appId,
      quietPeriodMinutes: -1
    })
    expect(quiet.issues?.[0].path).toBe('quietPeriodMinutes')
    const url = await r.harness.fail('alerts.updateSettings', {
      appId: r.appId,
      webhookUrl: 'ftp://example.com/alerts'
    })
    expect(url.issues).toEqual([
      { path: 'webhookUrl', message: 'URL scheme must be http or https, not ftp' }
    ])
    expect((await r.harness.fail('alerts.settings', { appId: 9_999 })).code).toBe('not_found')
    expect((await r.harness.fail('alerts.markRead', {})).issues?.[0].path).toBe('ids')

    const sent = await r.harness.call('alerts.test', { appId: r.appId })
    expect(sent).toEqual({ ok: true, status: 200, error: null })
    const [sample] = await r.alertReceiver.waitFor(1)
    expect(sample.standardSignatureValid).toBe(true)
    expect(sample.json).toMatchObject({ type: 'webhook.alert', test: true })

    // Removing the URL removes the secret; a test send then says what is missing.
    const removed = await r.harness.call('alerts.updateSettings', {
      appId: r.appId,
      webhookUrl: null,
      quietPeriodMinutes: 0
    })
    expect(removed).toMatchObject({ webhookUrl: null, secretHint: null, quietPeriodMinutes: 0 })
    expect((await r.harness.fail('alerts.test', { appId: r.appId })).issues?.[0].path).toBe(
      'webhookUrl'
    )
  })

  it('sends alerts through the private-network guard, and logs a refused one without its secret', async () => {
    const errors: string[] = []
    const clock = new ManualClock(Date.now())
    const harness = await startHarness({
      clock,
      settings: { blockPrivateNetworks: true },
      logError: (message, error) => void errors.push(`${message} ${String(error)}`)
    })
    const alertReceiver = await startReceiver()
    cleanups.push(
      () => harness.close(),
      () => alertReceiver.close()
    )
    const appId = (await harness.call('apps.list'))[0].id
    // Loopback is blocked: its deliveries fail, so the webhook turns Failing.
    const webhook = await harness.call('webhooks.create', {
      appId,
      name: 'Local',
      url: alertReceiver.url,
      events: ['brand.created'],
      retrySchedule: []
    })
    await harness.call('alerts.updateSettings', { appId, webhookUrl: alertReceiver.url })
    const { secret } = await harness.call('alerts.revealSecret', { appId })
    expect(await harness.call('alerts.test', { appId })).toMatchObject({
      ok: false,
      status: 0,
      error: expect.stringContaining('127.0.0.1')
    })
    for (const name of ['a', 'b', 'c'])
      await harness.call('entities.create', { type: 'brand', data: { name } })
    await eventually(
      async () =>
        (await harness.call('webhooks.get', { id: webhook.id })).health.state === 'failing'
    )
    await harness.core.alerts.checkNow()
    await eventually(async () => errors.some((line) => line.startsWith('alert webhook of app')))
    const logged = errors.filter((line) => line.startsWith('alert webhook of app'))
    expect(logged).toHaveLength(1)
    expect(logged[0]).toContain(`app ${appId} (127.0.0.1:${alertReceiver.port})`)
    expect(logged[0]).not.toContain(secret)
    expect(alertReceiver.requests).toHaveLength(0)
    // The in-app alert is there all the same.
    expect((await harness.call('alerts.list', { appId })).items).toHaveLength(1)
  })

  it('retries a failed alert a couple of times with the same webhook-id', async () => {
    let answers = [500, 503, 200]
    const receiver = await startReceiver((_request, _req, res) => {
      res.statusCode = answers.shift() ?? 200
      res.end()
    })
    cleanups.push(() => receiver.close())
    const secret = generateSecret()
    receiver.secrets.push(secret)
    const sender = new AlertSender({
      clock: { now: () => Date.now() },
      userAgent: 'test',
      settings: () => DEFAULT_DELIVERY_SETTINGS,
      transport: inProcessTransport,
      retryDelaysMs: [10, 10]
    })
    const body = {
      type: 'webhook.alert' as const,
      kind: 'held' as const,
      state: 'raised' as const,
      app: { id: 1, name: 'Products' },
      webhook: { id: 1, name: 'ERP', host: 'erp.example.com' },
      text: 'Webhook "ERP" holds old deliveries (app Products).',
      occurredAt: new Date().toISOString()
    }
    expect(await sender.send({ url: receiver.url, secret }, body)).toMatchObject({ status: 200 })
    expect(receiver.requests).toHaveLength(3)
    expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(1)
    expect(receiver.requests.every((request) => request.standardSignatureValid)).toBe(true)
    expect(receiver.requests[0].json).toEqual(body)

    // Two retries at most: the third failure is the answer.
    answers = [500, 500, 500, 500]
    expect(await sender.send({ url: receiver.url, secret }, body)).toMatchObject({ status: 500 })
    expect(receiver.requests).toHaveLength(6)
  })

  it.runIf(onPostgres)(
    'tells each alert once when two cores watch one PostgreSQL database',
    async () => {
      const r = await alertRig()
      const second = await startHarness({ database: r.harness.database, clock: r.clock })
      cleanups.push(() => second.close())
      // Five held webhooks: both monitors read the same states, then race for every transition.
      const ids = [r.webhookId]
      for (let n = 2; n <= 5; n++)
        ids.push(
          (
            await r.harness.call('webhooks.create', {
              appId: r.appId,
              name: `ERP ${n}`,
              url: r.receiver.url,
              events: ['brand.created']
            })
          ).id
        )
      for (const id of ids) await r.harness.call('webhooks.hold', { id })
      await r.harness.call('entities.create', { type: 'brand', data: { name: 'waits' } })
      // Past the hour without any signal: only the two looks below can see it.
      r.clock.advance(61 * MINUTE)
      await Promise.all([r.harness.core.alerts.checkNow(), second.core.alerts.checkNow()])
      await r.alertReceiver.waitFor(5)
      await quietPeriod(500)
      expect(r.alertReceiver.requests).toHaveLength(5)
      expect(
        new Set(
          r.alertReceiver.requests.map((request) => (request.json.webhook as { id: number }).id)
        )
      ).toEqual(new Set(ids))
      expect((await alertList(r)).items).toHaveLength(5)
    }
  )
})
