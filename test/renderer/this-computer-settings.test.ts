import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { UpdateStatusDto } from '@shared/updates'
import { setApiClient } from '../../src/renderer/src/api'
import { createApiClient } from '../../src/renderer/src/api/client'
import ThisComputerSettings from '../../src/renderer/src/components/settings/ThisComputerSettings.vue'
import { useAppsStore } from '../../src/renderer/src/stores/apps.store'
import type { UpdateControl } from '../../src/main/core/local/update-control'
import { startHarness, type Harness } from '../support/core-harness'
import { mountWithApp, settle } from './mount'

/**
 * "On this computer" in the desktop shell (the e2e suites run the browser shell): the tray, login
 * and update controls, the updater's status, no browser permission line, and a refused save that
 * puts the switch back and shows the core's message.
 */
let harness: Harness
let updateStatus: UpdateStatusDto
let checks = 0
let refuseNextUpdate = false
/** Set by a test: the next preferences.update waits for it before reaching the core. */
let holdNextUpdate: Promise<void> | null = null

const updates: UpdateControl = {
  status: () => updateStatus,
  check: async () => {
    checks += 1
    updateStatus = { ...updateStatus, state: 'ready', availableVersion: '1.5.0' }
    return updateStatus
  },
  restartNow: async () => updateStatus
}

beforeEach(async () => {
  updateStatus = {
    state: 'error',
    currentVersion: '1.4.0',
    availableVersion: null,
    percent: null,
    checkedAt: null,
    error: 'The update feed answered HTTP 503'
  }
  checks = 0
  harness = await startHarness({ deliver: false, shell: 'desktop', updates })
  setApiClient(
    createApiClient({
      call: async (method, input) => {
        if (method === 'preferences.update' && holdNextUpdate) {
          const held = holdNextUpdate
          holdNextUpdate = null
          await held
        }
        if (method === 'preferences.update' && refuseNextUpdate) {
          refuseNextUpdate = false
          return {
            ok: false,
            error: { code: 'internal' as const, message: 'The data folder is read-only' }
          }
        }
        return harness.core.call(method, input)
      },
      subscribe: (listener) => harness.core.onPush(listener)
    })
  )
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test=${name}]`)
const input = (id: string) => document.getElementById(id) as HTMLInputElement

async function mountSection(): Promise<void> {
  mountWithApp(ThisComputerSettings)
  await useAppsStore().load()
  await settle()
}

describe('On this computer, desktop shell', () => {
  it('shows the tray, login and update switches with labels, and no browser permission line', async () => {
    await mountSection()
    const labels = [...document.querySelectorAll('[data-test=desktop-preferences] label')].map(
      (label) => [label.getAttribute('for'), label.textContent]
    )
    expect(labels).toEqual([
      [
        'pref-keepDeliveringInBackground',
        'Keep delivering in the background when the window closes'
      ],
      ['pref-startAtLogin', 'Start at login'],
      ['pref-autoUpdate', 'Install updates automatically']
    ])
    expect(input('pref-keepDeliveringInBackground').checked).toBe(true)
    expect(input('pref-startAtLogin').checked).toBe(false)
    expect(byTest('browser-permission')).toBeNull()
    expect(byTest('notification-preferences')).not.toBeNull()
  })

  it('shows the updater’s error verbatim, checks now, then offers Restart now', async () => {
    await mountSection()
    expect(byTest('update-status')?.textContent).toContain('Version 1.4.0')
    expect(byTest('update-status-text')?.textContent).toBe('The update feed answered HTTP 503')
    expect(byTest('update-restart')).toBeNull()
    byTest('update-check')!.click()
    await settle()
    expect(checks).toBe(1)
    expect(byTest('update-status-text')?.textContent).toBe(
      'Version 1.5.0 is ready: it installs when the app restarts.'
    )
    expect(byTest('update-restart')?.textContent).toContain('Restart now')
  })

  it('saves a switch at once; a refused save puts it back and says why', async () => {
    await mountSection()
    input('pref-startAtLogin').click()
    await settle()
    expect((await harness.call('preferences.get')).preferences.startAtLogin).toBe(true)
    expect(input('pref-startAtLogin').checked).toBe(true)

    refuseNextUpdate = true
    input('pref-autoUpdate').click()
    await settle()
    expect(input('pref-autoUpdate').checked).toBe(true)
    expect(byTest('desktop-error')?.textContent).toBe('The data folder is read-only')
    expect(byTest('desktop-error')?.getAttribute('role')).toBe('alert')
    expect((await harness.call('preferences.get')).preferences.autoUpdate).toBe(true)
  })

  it('keeps a time being typed when the save that turned quiet hours on answers late', async () => {
    await mountSection()
    let answer = (): void => {}
    holdNextUpdate = new Promise<void>((resolve) => (answer = resolve))
    input('notify-quiet').click()
    await settle()
    const from = input('quiet-from')
    expect(from.value).toBe('22:00')
    from.value = '23:30'
    from.dispatchEvent(new Event('input'))
    answer()
    await settle()
    expect((await harness.call('preferences.get')).preferences.notifications.quietHours).toEqual({
      from: '22:00',
      to: '07:00'
    })
    // The late push of 22:00 did not overwrite the typing; committing it saves 23:30.
    expect(input('quiet-from').value).toBe('23:30')
    from.dispatchEvent(new Event('change'))
    await settle()
    expect((await harness.call('preferences.get')).preferences.notifications.quietHours).toEqual({
      from: '23:30',
      to: '07:00'
    })
  })
})
