import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { UPGRADE_PROGRESS_CHANNEL, type UpgradeProgress } from '@shared/desktop-ipc'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { AUTOSTART_FILE } from '../../src/main/desktop/background/login-item'
import { bootBundle, type BootedBundle } from '../support/electron-bundle'
import { eventually } from '../support/core-harness'

/**
 * How the desktop starts and stops, through the built main bundle under the stub `electron`:
 * in the tray at login, one instance per data folder, the upgrade window, start at login, and
 * the quits that ask nothing.
 */
const appUrl = 'app://renderer/index.html'
const folders: string[] = []
const booted: BootedBundle[] = []

function folder(prefix = 'pim-lifecycle-'): string {
  const made = mkdtempSync(join(tmpdir(), prefix))
  folders.push(made)
  return made
}

function boot(env: Record<string, string>, args: string[] = []): BootedBundle {
  const bundle = bootBundle({ ELECTRON_RENDERER_URL: '', ...env }, args)
  booted.push(bundle)
  return bundle
}

afterEach(() => {
  for (const bundle of booted.splice(0))
    if (bundle.child.exitCode === null) bundle.child.kill('SIGKILL')
  for (const made of folders.splice(0)) rmSync(made, { recursive: true, force: true })
})

describe('starting', () => {
  it('starts in the tray without a window when launched at login, and opens one from the tray', async () => {
    const userData = folder()
    const desktop = boot({ PIM_STUB_USER_DATA: userData }, ['--hidden'])
    await desktop.next('tray-menu')
    // The core runs (it answers), but no window was made.
    const status = await desktop.invoke('delivery.status', appUrl)
    expect(status).toMatchObject({ ok: true, data: { paused: false } })
    expect(desktop.all('window')).toEqual([])
    desktop.send({ cmd: 'tray-click', label: 'Open Indexed PIM Desktop' })
    await desktop.next('window-shown')
    expect((await desktop.next('load')).url).toBe(appUrl)
  })

  it('keeps its data folder and files to this user, as the headless shell does', async () => {
    const userData = folder()
    chmodSync(userData, 0o755)
    writeFileSync(join(userData, 'preferences.json'), '{}', { mode: 0o644 })
    const desktop = boot({ PIM_STUB_USER_DATA: userData })
    await desktop.next('window-shown')
    expect(statSync(userData).mode & 0o777).toBe(0o700)
    for (const name of ['pim.sqlite', 'preferences.json'])
      expect(statSync(join(userData, name)).mode & 0o777, name).toBe(0o600)
  })

  it('leaves at once, touching nothing, when another instance has this data folder', async () => {
    const userData = folder()
    const desktop = boot({ PIM_STUB_USER_DATA: userData, PIM_STUB_LOCK_TAKEN: '1' })
    expect(await desktop.exited).toBe(0)
    expect(desktop.all('single-instance-lock')).toEqual([
      { type: 'single-instance-lock', got: false }
    ])
    expect(desktop.all('window')).toEqual([])
    expect(existsSync(join(userData, 'pim.sqlite'))).toBe(false)
  })

  it('says why in a dialog when it cannot start (the data folder is in use)', async () => {
    const userData = folder()
    // This test's own process holds the folder, as a serve shell on it would.
    writeFileSync(join(userData, 'pim.lock'), String(process.pid))
    const desktop = boot({ PIM_STUB_USER_DATA: userData })
    expect(await desktop.exited).toBe(1)
    const [shown] = desktop.all('error-box')
    expect(shown).toMatchObject({
      title: 'Indexed PIM Desktop could not start',
      content: expect.stringContaining(`is in use by process ${process.pid}`)
    })
    expect(desktop.all('window')).toEqual([])
  })

  it('shows an upgrade window while an existing data folder migrates, then the app', async () => {
    const userData = folder()
    const first = boot({ PIM_STUB_USER_DATA: userData })
    await first.next('window-shown')
    first.send({ cmd: 'quit' })
    expect(await first.exited).toBe(0)
    // The folder of the previous release: its last two migrations not yet run.
    const names = (await migrationSource.getMigrations([])).slice(-2)
    const old = createKnex(join(userData, 'pim.sqlite'))
    await old.migrate.down({ migrationSource, name: names[1] })
    await old.migrate.down({ migrationSource, name: names[0] })
    await old.destroy()

    const desktop = boot({ PIM_STUB_USER_DATA: userData })
    const upgrade = await desktop.next('window')
    expect(upgrade.options).toMatchObject({
      title: 'Upgrading Indexed PIM Desktop',
      width: 420,
      height: 180,
      closable: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false }
    })
    expect((await desktop.next('load')).url).toBe('app://renderer/upgrade.html')
    // The page is part of the built renderer, served by app:// with the CSP like the app.
    const page = await desktop.fetch('app://renderer/upgrade.html')
    expect(page).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' })
    expect(String(page.body)).toMatch(/^<!doctype html>/i)
    await desktop.next('window-closed', (message) => message.id === upgrade.id)
    const main = await desktop.next('window', (message) => message.id !== upgrade.id)
    expect((main.options as { title: string }).title).toBe('Indexed PIM Desktop')
    // What the page was told: each step in words, then the end.
    const told = desktop
      .all('push')
      .filter((message) => message.channel === UPGRADE_PROGRESS_CHANNEL)
      .map((message) => message.payload as UpgradeProgress)
    expect(told.at(-1)).toEqual({ phase: 'finished', total: 2 })
    expect(told.length).toBeGreaterThan(1)
    for (const progress of told.slice(0, -1))
      expect(progress).toMatchObject({ phase: 'migrating', total: 2 })
    // A fresh folder is no upgrade: the first start above showed only the app.
    expect(first.all('window')).toHaveLength(1)
  })
})

describe('start at login (packaged, Linux)', () => {
  it('writes an XDG autostart entry that starts in the tray, and removes it when turned off', async () => {
    const userData = folder()
    const config = folder('pim-xdg-')
    const desktop = boot({
      PIM_STUB_USER_DATA: userData,
      PIM_STUB_PACKAGED: '1',
      XDG_CONFIG_HOME: config,
      APPIMAGE: '/opt/Indexed PIM/indexed-pim.AppImage'
    })
    await desktop.next('window-shown')
    const entry = join(config, 'autostart', AUTOSTART_FILE)
    expect(existsSync(entry)).toBe(false)
    await desktop.invoke('preferences.update', appUrl, { startAtLogin: true })
    await eventually(async () => existsSync(entry))
    const text = readFileSync(entry, 'utf8')
    expect(text).toContain('[Desktop Entry]')
    expect(text).toContain('Exec="/opt/Indexed PIM/indexed-pim.AppImage" --hidden')
    await desktop.invoke('preferences.update', appUrl, { startAtLogin: false })
    await eventually(async () => !existsSync(entry))
    // Linux has no login items: Electron's API (which ignores them there) was never used.
    expect(desktop.all('login-item')).toEqual([])
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
  })
})

describe('quits that ask nothing', () => {
  it('closing the window quits when nothing waits and background mode is off', async () => {
    const userData = folder()
    const desktop = boot({ PIM_STUB_USER_DATA: userData })
    await desktop.next('window-shown')
    await desktop.invoke('preferences.update', appUrl, { keepDeliveringInBackground: false })
    desktop.send({ cmd: 'close-window' })
    expect(await desktop.exited).toBe(0)
    expect(desktop.all('message-box')).toEqual([])
    expect(desktop.all('window-hidden')).toEqual([])
    expect(existsSync(join(userData, 'pim.lock'))).toBe(false)
  })

  it('closing the window keeps the app in the tray when deliveries wait, even with background mode off', async () => {
    const userData = folder()
    const desktop = boot({ PIM_STUB_USER_DATA: userData })
    await desktop.next('window-shown')
    await desktop.invoke('preferences.update', appUrl, { keepDeliveringInBackground: false })
    await desktop.invoke('webhooks.create', appUrl, {
      appId: 1,
      url: 'http://127.0.0.1:9/nobody-listens',
      events: ['brand.created'],
      retrySchedule: [600]
    })
    await desktop.invoke('entities.create', appUrl, {
      type: 'brand',
      data: { name: 'Retry later' }
    })
    // The tray learns of the waiting retry from the attempt's log entry.
    await desktop.next('tray-tooltip', (message) => /waiting/.test(String(message.text)))
    desktop.send({ cmd: 'close-window' })
    await desktop.next('window-hidden')
    expect(desktop.child.exitCode).toBeNull()
  })

  for (const [how, stop] of [
    ['a shutdown', (desktop: BootedBundle) => desktop.send({ cmd: 'power-shutdown' })],
    ['SIGTERM', (desktop: BootedBundle) => desktop.child.kill('SIGTERM')]
  ] as const)
    it(`${how} quits without a question even with deliveries waiting`, async () => {
      const userData = folder()
      const desktop = boot({ PIM_STUB_USER_DATA: userData })
      await desktop.next('window-shown')
      await desktop.invoke('delivery.setPaused', appUrl, { paused: true })
      await desktop.invoke('webhooks.create', appUrl, {
        appId: 1,
        url: 'http://127.0.0.1:9/nobody-listens',
        events: ['brand.created']
      })
      await desktop.invoke('entities.create', appUrl, { type: 'brand', data: { name: 'Waits' } })
      const status = await desktop.invoke('delivery.status', appUrl)
      expect(status.data).toMatchObject({ pending: 1 })
      stop(desktop)
      expect(await desktop.exited).toBe(0)
      expect(desktop.all('message-box')).toEqual([])
      // Drained and closed as any quit: the lock is released.
      expect(existsSync(join(userData, 'pim.lock'))).toBe(false)
    })
})
