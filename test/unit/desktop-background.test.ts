import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import { decideOnWindowClose, quitQuestion } from '../../src/main/desktop/background/close-and-quit'
import {
  applyStartAtLogin,
  AUTOSTART_FILE,
  autostartEntry
} from '../../src/main/desktop/background/login-item'
import { trayMenu, trayTooltip } from '../../src/main/desktop/background/tray-menu'
import { withoutCredentials } from '../../src/main/desktop/start-failure'

const status = (fields: Partial<DeliveryStatusDto> = {}): DeliveryStatusDto => ({
  paused: false,
  pending: 0,
  nextDueAt: null,
  failingWebhooks: 0,
  heldWebhooks: 0,
  state: 'healthy',
  ...fields
})

describe('closing the window', () => {
  it('hides to the tray when background mode is on, or when deliveries would go on', () => {
    const cases: Array<[Parameters<typeof decideOnWindowClose>[0], string]> = [
      [{ quitting: false, keepDeliveringInBackground: true, status: status() }, 'hide-to-tray'],
      [{ quitting: false, keepDeliveringInBackground: false, status: status() }, 'close'],
      [
        { quitting: false, keepDeliveringInBackground: false, status: status({ pending: 2 }) },
        'hide-to-tray'
      ],
      // Paused: nothing would be sent, so nothing keeps the app open.
      [
        {
          quitting: false,
          keepDeliveringInBackground: false,
          status: status({ pending: 2, paused: true })
        },
        'close'
      ],
      [{ quitting: false, keepDeliveringInBackground: false, status: null }, 'close'],
      // A quit under way always closes, or a hidden window would cancel it.
      [
        { quitting: true, keepDeliveringInBackground: true, status: status({ pending: 9 }) },
        'close'
      ]
    ]
    for (const [facts, expected] of cases)
      expect(decideOnWindowClose(facts), JSON.stringify(facts)).toBe(expected)
  })
})

describe('the quit question', () => {
  const now = new Date('2026-12-05T10:00:00Z')
  const time = (at: Date) => at.toISOString().slice(11, 16)

  it('is not asked when nothing waits', () => {
    expect(quitQuestion(status(), now, time)).toBeNull()
    expect(quitQuestion(null, now, time)).toBeNull()
  })

  it('says how many wait and when the next is due', () => {
    const soon = quitQuestion(status({ pending: 3, nextDueAt: '2026-12-05T10:04:10Z' }), now, time)!
    expect(soon.message).toBe('3 deliveries are still waiting to be sent')
    expect(soon.detail).toMatch(/^The next one is due at 10:04 \(in 5 minutes\)\./)
    expect(soon.buttons).toEqual(['Keep running in the background', 'Quit anyway', 'Cancel'])
    const later = quitQuestion(
      status({ pending: 1, nextDueAt: '2026-12-05T12:10:00Z' }),
      now,
      time
    )!
    expect(later.message).toBe('1 delivery is still waiting to be sent')
    expect(later.detail).toMatch(/^The next one is due at 12:10 \(in about 2 hours\)\./)
    const overdue = quitQuestion(
      status({ pending: 1, nextDueAt: '2026-12-05T09:00:00Z' }),
      now,
      time
    )!
    expect(overdue.detail).toMatch(/^The next one is due now\./)
    const paused = quitQuestion(status({ pending: 4, paused: true, nextDueAt: null }), now, time)!
    expect(paused.detail).toMatch(/^Delivery is paused on this computer\./)
  })
})

describe('the tray', () => {
  const actions = { openWindow: () => {}, setPaused: () => {}, quit: () => {} }

  it('names the worst state and the waiting count', () => {
    expect(trayTooltip(null)).toBe('Indexed PIM Desktop')
    expect(trayTooltip(status())).toBe('Indexed PIM Desktop — All webhooks healthy')
    expect(trayTooltip(status({ state: 'failing', failingWebhooks: 2, pending: 1 }))).toBe(
      'Indexed PIM Desktop — 2 webhooks failing · 1 delivery waiting'
    )
    expect(trayTooltip(status({ state: 'held', heldWebhooks: 1, pending: 40 }))).toBe(
      'Indexed PIM Desktop — 1 webhook on hold · 40 deliveries waiting'
    )
  })

  it('offers pause or resume as the state asks, and the status as a disabled line', () => {
    const running = trayMenu(status(), actions)
    expect(running.map((item) => item.label ?? item.type)).toEqual([
      'Open Indexed PIM Desktop',
      'separator',
      'All webhooks healthy',
      'Pause all delivery',
      'separator',
      'Quit Indexed PIM Desktop'
    ])
    expect(running[2].enabled).toBe(false)
    const paused: boolean[] = []
    const menu = trayMenu(status({ paused: true, state: 'paused' }), {
      ...actions,
      setPaused: (value) => paused.push(value)
    })
    menu.find((item) => item.label === 'Resume delivery')!.click!()
    expect(paused).toEqual([false])
  })
})

describe('start at login', () => {
  it('uses login items on macOS and Windows, with the tray-only argument', async () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const calls: unknown[] = []
      await applyStartAtLogin(true, {
        platform,
        setLoginItemSettings: (settings) => calls.push(settings),
        executable: 'unused',
        env: {}
      })
      expect(calls).toEqual([{ openAtLogin: true, args: ['--hidden'] }])
    }
  })

  it('writes and removes an XDG autostart entry on Linux, quoting the path', async () => {
    const config = mkdtempSync(join(tmpdir(), 'pim-xdg-'))
    try {
      const host = {
        platform: 'linux' as const,
        setLoginItemSettings: () => {
          throw new Error('not on Linux')
        },
        executable: '/home/o p/$HOME/"x"/app',
        env: { XDG_CONFIG_HOME: config }
      }
      await applyStartAtLogin(true, host)
      const file = join(config, 'autostart', AUTOSTART_FILE)
      expect(readFileSync(file, 'utf8')).toBe(autostartEntry(host.executable))
      expect(autostartEntry(host.executable)).toContain(
        'Exec="/home/o p/\\$HOME/\\"x\\"/app" --hidden'
      )
      await applyStartAtLogin(false, host)
      expect(existsSync(file)).toBe(false)
      // Turning off what was never on is fine.
      await applyStartAtLogin(false, host)
    } finally {
      rmSync(config, { recursive: true, force: true })
    }
  })
})

describe('a start failure in a dialog', () => {
  it('keeps the host of a database URL but not its credentials', () => {
    expect(
      withoutCredentials('connect ECONNREFUSED postgres://pim:s3cret@db.example:5432/pim failed')
    ).toBe('connect ECONNREFUSED postgres://***@db.example:5432/pim failed')
    expect(withoutCredentials('The data directory /x is in use by process 12')).toBe(
      'The data directory /x is in use by process 12'
    )
  })
})
