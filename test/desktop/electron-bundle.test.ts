import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiMethodNames } from '@shared/api-methods'
import { IMPORT_FILE_CHOOSE_CHANNEL } from '@shared/import-upload'
import { logExportFileName } from '@shared/log-export'
import {
  LOG_EXPORT_CANCEL_CHANNEL,
  LOG_EXPORT_CHANNELS,
  LOG_EXPORT_PROGRESS_CHANNEL,
  LOG_EXPORT_START_CHANNEL
} from '@shared/log-export-ipc'
import { RECORD_EXPORT_CHANNELS } from '@shared/record-export-ipc'
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META
} from '../../src/main/shell-common/content-security-policy'
import { bootBundle, repoRoot, type BootedBundle } from '../support/electron-bundle'
import { csvObjects } from '../support/parse-csv'

/**
 * The built Electron main bundle, booted in plain Node with `electron` resolved to a test double:
 * it proves the bundle's wiring, its bundled migrations and the sqlite3 binding without the
 * Electron binary, which cannot be downloaded here.
 */
const appUrl = 'app://renderer/index.html'
const version = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version
let userData: string
let desktop: BootedBundle
let webhookSecret: { data?: unknown }

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-'))
  desktop = bootBundle({
    PIM_STUB_USER_DATA: userData,
    PIM_STUB_DOWNLOADS: join(userData, 'Downloads'),
    ELECTRON_RENDERER_URL: ''
  })
  await desktop.next('load')
}, 30_000)

afterAll(() => {
  if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  rmSync(userData, { recursive: true, force: true })
})

describe('the Electron main bundle under a stub electron', () => {
  it('starts the core in the userData folder, with its database and lock', () => {
    expect(existsSync(join(userData, 'pim.sqlite'))).toBe(true)
    expect(existsSync(join(userData, 'pim.lock'))).toBe(true)
  })

  it('registers exactly the contract methods and the export channels as IPC handlers', async () => {
    desktop.send({ cmd: 'channels' })
    const { channels } = await desktop.next('channels')
    expect([...(channels as string[])].sort()).toEqual(
      [
        ...apiMethodNames,
        ...LOG_EXPORT_CHANNELS,
        ...RECORD_EXPORT_CHANNELS,
        IMPORT_FILE_CHOOSE_CHANNEL
      ].sort()
    )
  })

  it('answers its own app:// renderer and refuses any other frame', async () => {
    const own = await desktop.invoke('apps.list', `${appUrl}#/logs`)
    expect(own.ok).toBe(true)
    expect((own.data as Array<{ key: string }>).map((app) => app.key)).toEqual([
      'products',
      'orders',
      'inventory',
      'pricing'
    ])
    for (const stranger of [
      'app://evil/index.html',
      'https://renderer/index.html',
      pathToFileURL(join(repoRoot, 'out/renderer/index.html')).href,
      'https://example.com/',
      ''
    ]) {
      const refused = await desktop.invoke('apps.list', stranger)
      expect(refused, stranger).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    const bad = await desktop.invoke('webhooks.create', appUrl, { appId: 1, url: 'ftp://x' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })

  it('opens a sandboxed window on app://renderer with the preload bridge and DevTools in development', async () => {
    const { options } = (await desktop.next('window')) as unknown as {
      options: { webPreferences: object; width: number; height: number }
    }
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: true,
      preload: join(repoRoot, 'out/preload/index.cjs')
    })
    expect(options).toMatchObject({ width: 1280, height: 840 })
    expect(existsSync(join(repoRoot, 'out/preload/index.cjs'))).toBe(true)
    expect((await desktop.next('load')).url).toBe(appUrl)
    const { entries } = await desktop.next('schemes')
    expect(entries).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
  })

  it('serves the renderer from app:// with the CSP, and nothing outside its folder', async () => {
    const index = await desktop.fetch(appUrl)
    expect(index).toMatchObject({ status: 200, contentType: 'text/html; charset=utf-8' })
    expect(index.csp).toBe(CONTENT_SECURITY_POLICY)
    expect(String(index.body)).toMatch(/^<!doctype html>/i)
    expect((await desktop.fetch('app://renderer/')).status).toBe(200)
    // The built page repeats the policy as a meta tag (frame-ancestors only works as a header).
    const html = readFileSync(join(repoRoot, 'out/renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)
    expect(meta?.[1].replace(/&#39;/g, "'")).toBe(CONTENT_SECURITY_POLICY_META)
    expect(CONTENT_SECURITY_POLICY_META).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY_META).not.toContain('frame-ancestors')
    const script = readdirSync(join(repoRoot, 'out/renderer/assets')).find((file) =>
      file.endsWith('.js')
    )!
    expect(await desktop.fetch(`app://renderer/assets/${script}`)).toMatchObject({
      status: 200,
      contentType: 'text/javascript; charset=utf-8'
    })
    for (const outside of [
      'app://renderer/%2e%2e/%2e%2e/package.json',
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/index.html%00.js',
      'app://renderer/%E0%A4%A',
      'app://renderer/no-such-file.js',
      'app://other/index.html'
    ])
      expect((await desktop.fetch(outside)).status, outside).toBe(404)
  })

  it('denies every permission request and check, and sends the CSP on every response', async () => {
    desktop.send({ cmd: 'security' })
    const { granted, checked, headers } = (await desktop.next('security')) as unknown as {
      granted: boolean
      checked: boolean
      headers: { responseHeaders: Record<string, string[]> }
    }
    expect(granted).toBe(false)
    expect(checked).toBe(false)
    expect(headers.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers.responseHeaders['X-Test']).toEqual(['1'])
  })

  it('has a standard menu with About showing the package version', async () => {
    const { template } = (await desktop.next('menu')) as unknown as {
      template: Array<{
        role?: string
        label?: string
        submenu?: Array<{ role?: string; label?: string }>
      }>
    }
    const help = template.find((item) => item.role === 'help')!
    expect(help.submenu?.map((item) => item.label)).toEqual(['About Indexed PIM Desktop'])
    expect(template.map((item) => item.role ?? item.label)).toContain('editMenu')
    const view = template.find((item) => item.label === 'View')!
    expect(view.submenu?.map((item) => item.role)).toContain('toggleDevTools')
    const { options } = await desktop.next('about')
    expect(options).toMatchObject({ applicationVersion: version })
  })

  it('brings the running window forward when the app is launched again', async () => {
    desktop.send({ cmd: 'second-instance' })
    await desktop.next('restore')
    await desktop.next('focus')
  })

  it('pushes delivery log rows to its windows', async () => {
    webhookSecret = await desktop.invoke('webhooks.create', appUrl, {
      appId: 1,
      url: 'http://127.0.0.1:9/unreachable',
      events: ['brand.created'],
      retrySchedule: []
    })
    await desktop.invoke('entities.create', appUrl, { type: 'brand', data: { name: 'Pushed' } })
    const push = await desktop.next(
      'push',
      (message) =>
        message.channel === 'push' && (message.payload as { type: string }).type === 'log.created'
    )
    expect((push.payload as { log: { event: string } }).log.event).toBe('brand.created')
  })

  it('seals webhook secrets with safeStorage (the OS keychain) and reports it', async () => {
    const status = await desktop.invoke('system.status', appUrl)
    expect(status.data).toMatchObject({ secretStorage: 'os_keychain' })
    const secret = (webhookSecret.data as { secret: string }).secret
    const revealed = await desktop.invoke('webhooks.revealSecret', appUrl, { id: 1 })
    expect(revealed.data).toEqual({ secret })
  })

  it('exports the delivery log into the file chosen in a save dialog, with progress for its window', async () => {
    const downloads = join(userData, 'Downloads')
    mkdirSync(downloads)
    const file = join(downloads, 'failures.csv')
    const expected = (await desktop.invoke('logs.list', appUrl, { appId: 1, status: 'failure' }))
      .data as { items: Array<{ messageId: string }> }
    expect(expected.items.length).toBeGreaterThan(0)
    desktop.send({ cmd: 'save-dialog-answer', answer: { canceled: false, filePath: file } })
    const answer = await desktop.invoke(LOG_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'export-desktop-1',
      input: { appId: 1, format: 'csv', status: 'failure' }
    })
    expect(answer).toEqual({
      ok: true,
      data: { status: 'written', rows: expected.items.length, fileName: 'failures.csv' }
    })
    const { options, withWindow } = (await desktop.next('save-dialog')) as unknown as {
      options: { defaultPath: string; filters: Array<{ extensions: string[] }> }
      withWindow: boolean
    }
    // Suggested in the downloads folder, modal to the window that asked.
    expect(options.defaultPath).toBe(join(downloads, logExportFileName(1, 'csv')))
    expect(options.filters).toEqual([{ name: 'CSV (spreadsheets)', extensions: ['csv'] }])
    expect(withWindow).toBe(true)
    const rows = csvObjects(readFileSync(file, 'utf8'))
    expect(rows.map((row) => row.webhook_id)).toEqual(expected.items.map((item) => item.messageId))
    expect(readdirSync(downloads)).toEqual(['failures.csv'])
    const progress = desktop
      .all('push')
      .filter((message) => message.channel === LOG_EXPORT_PROGRESS_CHANNEL)
      .map((message) => message.payload)
    expect(progress[0]).toEqual({ exportId: 'export-desktop-1', rows: 0, fileName: 'failures.csv' })
    expect(progress.at(-1)).toEqual({
      exportId: 'export-desktop-1',
      rows: expected.items.length,
      fileName: 'failures.csv'
    })
  })

  it('writes nothing when the save dialog is closed, and refuses bad exports and other frames', async () => {
    const dismissed = await desktop.invoke(LOG_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'export-desktop-2',
      input: { appId: 1, format: 'ndjson' }
    })
    expect(dismissed).toEqual({ ok: true, data: { status: 'dismissed' } })
    const bad = await desktop.invoke(LOG_EXPORT_START_CHANNEL, appUrl, {
      exportId: 'export-desktop-3',
      input: { appId: 1, format: 'xlsx' }
    })
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_argument', message: expect.stringContaining('format') }
    })
    const badId = await desktop.invoke(LOG_EXPORT_START_CHANNEL, appUrl, {
      exportId: '../x',
      input: { appId: 1, format: 'csv' }
    })
    expect(badId).toMatchObject({ error: { message: expect.stringContaining('exportId') } })
    for (const channel of LOG_EXPORT_CHANNELS) {
      const refused = await desktop.invoke(channel, 'https://example.com/', {
        exportId: 'export-desktop-4',
        input: { appId: 1, format: 'csv' }
      })
      expect(refused, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    // Nothing runs under that id any more: cancelling it is a no-op, not an error.
    expect(await desktop.invoke(LOG_EXPORT_CANCEL_CHANNEL, appUrl, 'export-desktop-1')).toEqual({
      ok: true,
      data: { cancelled: false }
    })
    // Only the two accepted exports asked where to save: the refused ones never got that far.
    expect(desktop.all('save-dialog')).toHaveLength(2)
  })

  it('remembers the window size and position, and quits cleanly releasing the lock', async () => {
    desktop.send({ cmd: 'resize', bounds: { x: 120, y: 80, width: 1000, height: 700 } })
    await desktop.next('resized')
    // Should deliveries still wait, quit anyway (the question has tests of its own).
    desktop.send({ cmd: 'message-box-answer', response: 1 })
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
    expect(existsSync(join(userData, 'pim.lock'))).toBe(false)
    const files = readdirSync(userData).filter((name) => name.startsWith('pim.sqlite'))
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(userData, name))))
    expect(bytes.includes('whsec_')).toBe(false)
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({
      x: 120,
      y: 80,
      width: 1000,
      height: 700
    })
  })

  it('packaged: no DevTools, no dev-server override, and the remembered window', async () => {
    const packaged = bootBundle({
      PIM_STUB_USER_DATA: userData,
      PIM_STUB_PACKAGED: '1',
      PIM_STUB_STORAGE_BACKEND: 'basic_text',
      ELECTRON_RENDERER_URL: 'http://localhost:5173/'
    })
    try {
      const { options } = (await packaged.next('window')) as unknown as {
        options: { webPreferences: { devTools: boolean } }
      }
      expect(options).toMatchObject({ x: 120, y: 80, width: 1000, height: 700 })
      expect(options.webPreferences.devTools).toBe(false)
      expect((await packaged.next('load')).url).toBe(appUrl)
      const { template } = (await packaged.next('menu')) as unknown as {
        template: Array<{ label?: string; submenu?: Array<{ role?: string }> }>
      }
      const view = template.find((item) => item.label === 'View')!
      expect(view.submenu?.map((item) => item.role)).not.toContain('toggleDevTools')
      const refused = await packaged.invoke('apps.list', 'http://localhost:5173/')
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      // Linux without a keyring: still sealed, but Settings is told it protects little.
      const status = await packaged.invoke('system.status', appUrl)
      expect(status.data).toMatchObject({ secretStorage: 'basic_text' })
      packaged.send({ cmd: 'quit' })
      expect(await packaged.exited).toBe(0)
    } finally {
      if (packaged.child.exitCode === null) packaged.child.kill('SIGKILL')
    }
  })
})
