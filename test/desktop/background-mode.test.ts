import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import { NAVIGATE_CHANNEL } from '@shared/desktop-ipc'
import { bootBundle, type BootedBundle, type StubMessage } from '../support/electron-bundle'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { eventually } from '../support/core-harness'

/**
 * The desktop as a background app, through the built main bundle under the stub `electron`:
 * closing the window keeps delivering from the tray, the tray shows and changes the state,
 * alerts become native notifications, and quitting asks when deliveries would wait.
 */
const appUrl = 'app://renderer/index.html'
let userData: string
let desktop: BootedBundle
const receivers: TestReceiver[] = []

async function receiver(respond?: Parameters<typeof startReceiver>[0]): Promise<TestReceiver> {
  const started = await startReceiver(respond)
  receivers.push(started)
  return started
}

async function call<T>(method: string, input: unknown = {}): Promise<T> {
  const answer = await desktop.invoke(method, appUrl, input)
  if (!answer.ok) throw new Error(`${method}: ${JSON.stringify(answer.error)}`)
  return answer.data as T
}

async function hookTo(target: TestReceiver, events: string[], extra: object = {}) {
  const webhook = await call<{ id: number; secret: string }>('webhooks.create', {
    appId: 1,
    url: target.url,
    events,
    ...extra
  })
  target.secrets.push(webhook.secret)
  return webhook
}

/** The n-th message of a type from now on (messages already seen are skipped). */
function after(type: string, match: (message: StubMessage) => boolean = () => true) {
  const seen = desktop.all(type).length
  return desktop.next(
    type,
    (message) => desktop.all(type).indexOf(message) >= seen && match(message)
  )
}

const trayFile = (message: StubMessage) => (message.image as { path: string }).path.split('/').pop()

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-background-'))
  desktop = bootBundle({ PIM_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' })
  await desktop.next('window-shown')
}, 30_000)

afterAll(async () => {
  if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  await Promise.all(receivers.map((each) => each.close()))
  rmSync(userData, { recursive: true, force: true })
})

describe('the desktop in the background', () => {
  it('shows a tray icon with the state, a tooltip and a menu', async () => {
    const tray = await desktop.next('tray')
    expect(tray.image).toMatchObject({ empty: false, size: { width: 32, height: 32 } })
    expect(existsSync((tray.image as { path: string }).path)).toBe(true)
    const menu = await desktop.next('tray-menu', (message) =>
      (message.items as Array<{ label?: string }>).some((item) => item.label?.includes('healthy'))
    )
    expect((menu.items as Array<{ label?: string }>).map((item) => item.label ?? '—')).toEqual([
      'Open Indexed PIM Desktop',
      '—',
      'All webhooks healthy',
      'Pause all delivery',
      '—',
      'Quit Indexed PIM Desktop'
    ])
    const tooltip = await desktop.next('tray-tooltip', (message) =>
      String(message.text).includes('healthy')
    )
    expect(tooltip.text).toBe('Indexed PIM Desktop — All webhooks healthy')
  })

  it('keeps delivering with the window closed: a retry arrives while only the tray is left', async () => {
    let answered = 0
    const target = await receiver((_request, _req, res) => {
      res.statusCode = answered++ === 0 ? 503 : 200
      res.end()
    })
    await hookTo(target, ['brand.created'], { retrySchedule: [1] })
    await call('entities.create', { type: 'brand', data: { name: 'After close' } })
    await target.waitFor(1)
    const hidden = after('window-hidden')
    desktop.send({ cmd: 'close-window' })
    expect((await desktop.next('close-answered', () => true)).closed).toBe(false)
    await hidden
    // The first hide says so, once.
    const notice = await desktop.next('notification')
    expect(notice.options).toMatchObject({ title: 'Indexed PIM Desktop is still delivering' })
    const [first, retry] = await target.waitFor(2, 15_000)
    expect(retry.standardSignatureValid).toBe(true)
    expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id'])
    const listed = after('windows')
    desktop.send({ cmd: 'windows' })
    const { windows } = await listed
    expect(windows).toEqual([expect.objectContaining({ visible: false })])
    expect(desktop.child.exitCode).toBeNull()
  })

  it('opens the window again from the tray, and from a second launch', async () => {
    const shown = after('window-shown')
    desktop.send({ cmd: 'tray-click', label: 'Open Indexed PIM Desktop' })
    await shown
    const hidden = after('window-hidden')
    desktop.send({ cmd: 'close-window' })
    await hidden
    const again = after('window-shown')
    desktop.send({ cmd: 'second-instance' })
    await again
    // Hidden once: the notice is not repeated.
    expect(desktop.all('notification')).toHaveLength(1)
  })

  it('pauses and resumes all delivery from the tray, with the icon and menu following', async () => {
    const target = await receiver()
    await hookTo(target, ['category.created'])
    const pausedIcon = after('tray-image', (message) => trayFile(message) === 'paused.png')
    desktop.send({ cmd: 'tray-click', label: 'Pause all delivery' })
    await pausedIcon
    const status = await call<DeliveryStatusDto>('delivery.status')
    expect(status).toMatchObject({ paused: true, state: 'paused' })
    const menu = desktop.all('tray-menu').at(-1)!
    expect((menu.items as Array<{ label?: string }>).map((item) => item.label)).toContain(
      'Resume delivery'
    )
    // The waiting count the tray shows once the save's rows exist (whatever else still waits).
    const tooltip = after('tray-tooltip', (message) => /waiting/.test(String(message.text)))
    await call('entities.create', { type: 'category', data: { name: 'Waits' } })
    const waiting = await tooltip
    const { pending } = await call<DeliveryStatusDto>('delivery.status')
    expect(pending).toBeGreaterThanOrEqual(1)
    const count = pending === 1 ? '1 delivery' : `${pending} deliveries`
    expect(waiting.text).toBe(`Indexed PIM Desktop — Delivery paused · ${count} waiting`)
    expect(target.requests).toHaveLength(0)
    const healthyIcon = after('tray-image', (message) => trayFile(message) === 'healthy.png')
    desktop.send({ cmd: 'tray-click', label: 'Resume delivery' })
    const [delivered] = await target.waitFor(1)
    expect(delivered.standardSignatureValid).toBe(true)
    await healthyIcon
  })

  it('shows a held webhook in the tray', async () => {
    const target = await receiver()
    const webhook = await hookTo(target, ['brand.deleted'])
    const held = after('tray-image', (message) => trayFile(message) === 'held.png')
    await call('webhooks.hold', { id: webhook.id })
    await held
    const tooltip = await desktop.next('tray-tooltip', (message) =>
      /on hold/.test(String(message.text))
    )
    expect(tooltip.text).toBe('Indexed PIM Desktop — 1 webhook on hold')
    const healthy = after('tray-image', (message) => trayFile(message) === 'healthy.png')
    await call('webhooks.resume', { id: webhook.id })
    await healthy
  })

  it('turns an alert into a native notification that opens the webhook log, unless muted or in quiet hours', async () => {
    const gone = await receiver((_request, _req, res) => {
      res.statusCode = 410
      res.end()
    })
    const webhook = await hookTo(gone, ['brand.updated'], { retrySchedule: [] })
    const notified = after('notification', (message) =>
      /disabled|turned off/i.test(JSON.stringify(message.options))
    )
    const brand = await call<{ id: number }>('entities.create', {
      type: 'brand',
      data: { name: 'Gone' }
    })
    await call('entities.update', { type: 'brand', id: brand.id, data: { name: 'Gone 2' } })
    const shown = await notified
    expect(shown.options).toMatchObject({ title: expect.stringContaining('') })
    // Clicking it shows the window at the webhook's log.
    const navigate = after('push', (message) => message.channel === NAVIGATE_CHANNEL)
    desktop.send({ cmd: 'notification-click', index: shown.index })
    expect((await navigate).payload).toBe(`/apps/1/logs?webhookId=${webhook.id}`)

    // Muted for this app, then in quiet hours: the next alerts are in the bell only.
    const before = desktop.all('notification').length
    const alertCount = async () =>
      (await call<{ items: unknown[] }>('alerts.list', { appId: 1 })).items.length
    const goneHook = async () => {
      const target = await receiver((_request, _req, res) => {
        res.statusCode = 410
        res.end()
      })
      await hookTo(target, ['brand.updated'], { retrySchedule: [] })
      const count = await alertCount()
      await call('entities.update', {
        type: 'brand',
        id: brand.id,
        data: { name: `Gone ${count}` }
      })
      await eventually(async () => (await alertCount()) > count)
    }
    await call('preferences.update', { notifications: { mutedAppIds: [1] } })
    await goneHook()
    const hour = (offset: number) =>
      `${String((new Date().getHours() + 24 + offset) % 24).padStart(2, '0')}:00`
    await call('preferences.update', {
      notifications: { mutedAppIds: [], quietHours: { from: hour(-1), to: hour(1) } }
    })
    await goneHook()
    expect(desktop.all('notification')).toHaveLength(before)
    await call('preferences.update', { notifications: { quietHours: null } })
  })
})

describe('quitting', () => {
  it('asks when deliveries would wait: keep running hides, quit anyway drains and exits', async () => {
    await call('delivery.setPaused', { paused: true })
    const before = (await call<DeliveryStatusDto>('delivery.status')).pending
    await call('entities.create', { type: 'brand', data: { name: 'Left waiting' } })
    const waiting = before + 1
    desktop.send({ cmd: 'message-box-answer', response: 0 })
    const asked = after('message-box')
    const hidden = after('window-hidden')
    desktop.send({ cmd: 'quit' })
    const { options } = (await asked) as unknown as {
      options: { message: string; detail: string; buttons: string[] }
    }
    expect(options.message).toBe(
      waiting === 1
        ? '1 delivery is still waiting to be sent'
        : `${waiting} deliveries are still waiting to be sent`
    )
    expect(options.detail).toContain('Delivery is paused on this computer.')
    expect(options.buttons).toEqual(['Keep running in the background', 'Quit anyway', 'Cancel'])
    await hidden
    expect(desktop.child.exitCode).toBeNull()
    expect((await call<DeliveryStatusDto>('delivery.status')).pending).toBe(waiting)

    desktop.send({ cmd: 'message-box-answer', response: 1 })
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
    // The quit went through Electron's own `quit` (an update installs there), after the drain.
    expect(desktop.all('quit-event')).toHaveLength(1)
    expect(existsSync(join(userData, 'pim.lock'))).toBe(false)
    expect(JSON.parse(readFileSync(join(userData, 'preferences.json'), 'utf8'))).toMatchObject({
      deliveryPaused: true
    })
  })
})
