import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PushEvent } from '@shared/dto'
import { defaultPreferences } from '@shared/preferences'
import type { UpdateStatusDto } from '@shared/updates'
import { api, setApiClient } from '../../src/renderer/src/api'
import {
  isThisComputerEvent,
  useThisComputerStore
} from '../../src/renderer/src/stores/this-computer.store'
import { startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'

/**
 * The "On this computer" store against a real core: it loads, saves, and follows what the core
 * pushes when another window (here: a direct call) or the desktop's updater changes something,
 * wired as App.vue wires it.
 */
let harness: Harness
let unsubscribe: () => void

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  setApiClient(inProcessClient(harness.core))
  setActivePinia(createPinia())
  const store = useThisComputerStore()
  unsubscribe = api().onPush((event) => {
    if (isThisComputerEvent(event)) store.receive(event)
  })
})

afterEach(async () => {
  unsubscribe()
  setApiClient(null)
  await harness.close()
})

describe('the this-computer store', () => {
  it('loads the preferences, the shell, the delivery status and the update status', async () => {
    const store = useThisComputerStore()
    await store.load()
    expect(store.preferences).toEqual(defaultPreferences)
    expect(store.shell).toBe('browser')
    expect(store.desktop).toBe(false)
    expect(store.delivery).toMatchObject({ paused: false, pending: 0, state: 'healthy' })
    expect(store.updates?.state).toBe('unsupported')
  })

  it('follows preferences and the pause changed elsewhere, through the pushed events', async () => {
    const store = useThisComputerStore()
    await store.load()
    await harness.call('preferences.update', {
      notifications: { quietHours: { from: '22:00', to: '07:00' }, mutedAppIds: [2] }
    })
    await expect
      .poll(() => store.preferences?.notifications.quietHours)
      .toEqual({
        from: '22:00',
        to: '07:00'
      })
    expect(store.preferences?.notifications).toMatchObject({ enabled: true, mutedAppIds: [2] })

    await harness.call('delivery.setPaused', { paused: true })
    await expect.poll(() => store.delivery?.paused).toBe(true)
    expect(store.delivery?.state).toBe('paused')
  })

  it('takes the updater’s pushed status as it is', async () => {
    const store = useThisComputerStore()
    await store.load()
    const status: UpdateStatusDto = {
      state: 'downloading',
      currentVersion: '1.4.0',
      availableVersion: '1.5.0',
      percent: 40,
      checkedAt: '2026-12-04T12:00:00.000Z',
      error: null
    }
    const event: PushEvent = { type: 'updates.changed', status }
    expect(isThisComputerEvent(event)).toBe(true)
    if (isThisComputerEvent(event)) store.receive(event)
    expect(store.updates).toEqual(status)
    expect(isThisComputerEvent({ type: 'webhook.changed', webhookId: 1 })).toBe(false)
  })

  it('saves a change and keeps what the core saved; a refused change leaves all as it was', async () => {
    const store = useThisComputerStore()
    await store.load()
    await store.update({ startAtLogin: true, notifications: { enabled: false } })
    expect(store.preferences).toMatchObject({
      startAtLogin: true,
      notifications: { enabled: false, mutedAppIds: [] }
    })
    await expect(
      store.update({ notifications: { quietHours: { from: '25:00', to: '07:00' } } })
    ).rejects.toMatchObject({
      issues: [
        {
          path: 'notifications.quietHours.from',
          message: 'a time of day as HH:MM (24-hour clock), e.g. 22:00'
        }
      ]
    })
    expect(store.preferences?.notifications.quietHours).toBeNull()
    expect((await harness.call('preferences.get')).preferences.notifications.quietHours).toBeNull()
  })

  it('pauses and resumes, and counts watchers of the delivery line', async () => {
    const store = useThisComputerStore()
    await store.load()
    expect((await store.setPaused(true)).paused).toBe(true)
    expect((await harness.call('delivery.status')).paused).toBe(true)
    expect((await store.setPaused(false)).state).toBe('healthy')
    expect(store.deliveryWatched).toBe(false)
    const stop = store.watchDelivery()
    expect(store.deliveryWatched).toBe(true)
    stop()
    stop()
    expect(store.deliveryWatched).toBe(false)
  })
})
