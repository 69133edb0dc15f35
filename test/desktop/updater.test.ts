import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { PUSH_CHANNEL } from '@shared/api-methods'
import { defaultPreferences } from '@shared/preferences'
import type { UpdateState, UpdateStatusDto } from '@shared/updates'
import { bootBundle, repoRoot, type BootedBundle } from '../support/electron-bundle'
import { startUpdateFeed, stubInstaller } from '../support/update-feed'

/**
 * Automatic updates, end to end in the built main bundle under the stub electron: the REAL
 * electron-updater (its AppImageUpdater, as on Linux) asks a local feed, downloads through the
 * stub's `net` (real HTTP), checks the sha512 and installs. The installed AppImage is the one file
 * the test makes up: APPIMAGE names a file in a temp folder, and the "new AppImage" on the feed is
 * a shell script that records its run (update-feed.ts, stubInstaller) — the installer step that
 * cannot run here. Everything is asked and seen through the API and the `updates.changed` pushes.
 */
const appUrl = 'app://renderer/index.html'
const current = (
  JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }
).version
const newer = `${Number(current.split('.')[0]) + 1}.0.0`
const sha512 = (bytes: Buffer) => createHash('sha512').update(bytes).digest('base64')

interface Run {
  desktop: BootedBundle
  folder: string
  userData: string
  /** The "installed" AppImage (APPIMAGE). */
  appImage: string
  pendingDir: string
}
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function boot(
  env: Record<string, string>,
  preferences?: object,
  prepare?: (folder: string) => void
): Run {
  const folder = mkdtempSync(join(tmpdir(), 'pim-updater-'))
  prepare?.(folder)
  const userData = join(folder, 'user-data')
  mkdirSync(userData)
  mkdirSync(join(folder, 'apps'))
  if (preferences)
    writeFileSync(join(userData, 'preferences.json'), JSON.stringify({ preferences }))
  const appImage = join(folder, 'apps', `indexed-pim-desktop-${current}-linux-x86_64.AppImage`)
  writeFileSync(appImage, 'the installed version')
  const desktop = bootBundle({
    PIM_STUB_USER_DATA: userData,
    ELECTRON_RENDERER_URL: '',
    PIM_UPDATE_FEED_URL: '',
    // AppImageUpdater (what electron-updater picks on Linux) needs APPIMAGE; its cache follows
    // XDG_CACHE_HOME; no `package-type` in the resources folder keeps it from deb/rpm.
    APPIMAGE: appImage,
    XDG_CACHE_HOME: join(folder, 'cache'),
    PIM_STUB_RESOURCES_PATH: join(folder, 'resources'),
    ...env
  })
  cleanups.push(() => {
    if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
    rmSync(folder, { recursive: true, force: true })
  })
  return {
    desktop,
    folder,
    userData,
    appImage,
    pendingDir: join(folder, 'cache', 'indexed-pim-desktop-updater', 'pending')
  }
}

/** A feed whose stub installer records into a folder of its own (`record`). */
async function feed(options: { tampered?: boolean } = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'pim-updater-record-'))
  const record = join(folder, 'installer-ran.txt')
  const server = await startUpdateFeed({
    version: newer,
    payload: stubInstaller(record),
    tampered: options.tampered
  })
  cleanups.push(async () => {
    await server.stop().catch(() => undefined)
    rmSync(folder, { recursive: true, force: true })
  })
  return Object.assign(server, { record })
}

async function bootWithFeed(options: { tampered?: boolean } = {}) {
  const server = await feed(options)
  const run = boot({ PIM_UPDATE_FEED_URL: server.url })
  return { ...run, record: server.record, server }
}

const updateStatuses = (desktop: BootedBundle): UpdateStatusDto[] =>
  desktop
    .all('push')
    .map((message) => message.payload as { type: string; status: UpdateStatusDto })
    .filter((payload) => payload.type === 'updates.changed')
    .map((payload) => payload.status)

function pushedState(desktop: BootedBundle, state: UpdateState): Promise<UpdateStatusDto> {
  return desktop
    .next('push', (message) => {
      const payload = message.payload as { type: string; status?: UpdateStatusDto }
      return (
        message.channel === PUSH_CHANNEL &&
        payload.type === 'updates.changed' &&
        payload.status?.state === state
      )
    })
    .then((message) => (message.payload as { status: UpdateStatusDto }).status)
}

const statusOf = async (desktop: BootedBundle, method = 'updates.status') => {
  const answer = await desktop.invoke(method, appUrl)
  expect(answer.ok, JSON.stringify(answer)).toBe(true)
  return answer.data as UpdateStatusDto
}

async function waitForFile(file: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (!existsSync(file) || readFileSync(file, 'utf8') === '') {
    if (Date.now() > deadline) throw new Error(`${file} never appeared`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return readFileSync(file, 'utf8')
}

const distinct = (states: UpdateState[]) => states.filter((state, i) => state !== states[i - 1])

describe('automatic updates in the desktop bundle (real electron-updater, local feed)', () => {
  it('finds a newer release at start, downloads it in the background, verifies its sha512 and is ready; Restart now installs it and quits', async () => {
    const { desktop, server, record, appImage, pendingDir } = await bootWithFeed()
    const ready = await pushedState(desktop, 'ready')
    expect(ready).toMatchObject({
      state: 'ready',
      currentVersion: current,
      availableVersion: newer,
      percent: 100,
      error: null
    })
    expect(distinct(updateStatuses(desktop).map((status) => status.state))).toEqual([
      'checking',
      'downloading',
      'ready'
    ])
    expect(server.requests.filter((path) => path.endsWith('/latest-linux.yml'))).toHaveLength(1)
    expect(server.requests.some((path) => path.endsWith(`/${server.fileName}`))).toBe(true)
    // What waits to be installed is byte for byte the file the feed's sha512 describes.
    const downloaded = readFileSync(join(pendingDir, server.fileName))
    expect(sha512(downloaded)).toBe(sha512(server.payload))
    expect(await statusOf(desktop)).toEqual(ready)
    expect(existsSync(record)).toBe(false) // nothing installs before quit or Restart now

    const answer = await desktop.invoke('updates.restartNow', appUrl)
    expect(answer).toMatchObject({ ok: true, data: { state: 'ready' } })
    // The real AppImageUpdater moved the new AppImage beside the old one and started it.
    const installedAs = join(join(appImage, '..'), server.fileName)
    expect(await waitForFile(record)).toBe(`ran=${installedAs}\nsilent=true\nexitAfterInstall=\n`)
    expect(existsSync(appImage)).toBe(false)
    await desktop.next(
      'native-auto-updater',
      (message) => message.event === 'before-quit-for-update'
    )
    expect((await desktop.next('exit')).code).toBe(0)
    expect(await desktop.exited).toBe(0)
  }, 40_000)

  it('installs a ready update when the app quits (silently, without starting it again)', async () => {
    const { desktop, server, record, appImage } = await bootWithFeed()
    await pushedState(desktop, 'ready')
    desktop.send({ cmd: 'quit' })
    const installedAs = join(join(appImage, '..'), server.fileName)
    expect(await waitForFile(record)).toBe(
      `ran=${installedAs}\nsilent=true\nexitAfterInstall=true\n`
    )
    expect(await desktop.exited).toBe(0)
  }, 40_000)

  it('a download whose sha512 does not match the feed is an error in words, and nothing is installed', async () => {
    const { desktop, server, record, appImage, pendingDir } = await bootWithFeed({ tampered: true })
    const failed = await pushedState(desktop, 'error')
    expect(failed.error).toMatch(
      /^The downloaded update failed verification and was not installed: its sha512 does not match/
    )
    expect(failed).toMatchObject({ availableVersion: newer, percent: null })
    // It was downloaded (and thrown away), not merely skipped.
    expect(server.requests.some((path) => path.endsWith(`/${server.fileName}`))).toBe(true)
    expect(existsSync(pendingDir) ? readdirSync(pendingDir) : []).toEqual([])
    expect(await desktop.invoke('updates.restartNow', appUrl)).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    expect(await statusOf(desktop)).toMatchObject({ state: 'error', error: failed.error })
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
    expect(existsSync(record)).toBe(false)
    expect(readFileSync(appImage, 'utf8')).toBe('the installed version')
  }, 40_000)

  it('a feed that is down: Settings says the server could not be reached, and the app carries on', async () => {
    const server = await feed()
    await server.stop()
    const { desktop } = boot({ PIM_UPDATE_FEED_URL: server.url })
    const failed = await pushedState(desktop, 'error')
    expect(failed.error).toMatch(/^Could not reach the update server \(connection refused\)\./)
    expect(failed.error).toContain('The app carries on')
    expect(failed.checkedAt).not.toBeNull()
    const brand = await desktop.invoke('entities.create', appUrl, {
      type: 'brand',
      data: { name: 'Still working' }
    })
    expect(brand).toMatchObject({ ok: true, data: { fields: { name: 'Still working' } } })
    // Check now asks again, and says the same.
    const again = await statusOf(desktop, 'updates.check')
    expect(again).toMatchObject({ state: 'error', error: failed.error })
    expect(again.checkedAt! >= failed.checkedAt!).toBe(true)
  }, 40_000)

  it('turned off in the preferences: disabled, and no request reaches the feed until it is on again', async () => {
    const server = await feed()
    const { desktop, appImage } = boot(
      { PIM_UPDATE_FEED_URL: server.url },
      { ...defaultPreferences, autoUpdate: false }
    )
    await desktop.next('load')
    expect(await statusOf(desktop)).toMatchObject({ state: 'disabled', error: null })
    expect(await statusOf(desktop, 'updates.check')).toMatchObject({ state: 'disabled' })
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    expect(server.requests).toEqual([])

    // The same run, the preference on: the feed is asked at once (the setting was all that held it).
    await desktop.invoke('preferences.update', appUrl, { autoUpdate: true })
    await server.waitForRequest('/latest-linux.yml')
    await pushedState(desktop, 'ready')
    // And off again: disabled, and what was downloaded is not installed on quit either.
    await desktop.invoke('preferences.update', appUrl, { autoUpdate: false })
    expect((await pushedState(desktop, 'disabled')).state).toBe('disabled')
    expect(await statusOf(desktop)).toMatchObject({ state: 'disabled' })
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
    expect(existsSync(server.record)).toBe(false)
    expect(readFileSync(appImage, 'utf8')).toBe('the installed version')
  }, 40_000)

  it('a packaged app ignores PIM_UPDATE_FEED_URL and asks the feed its app-update.yml names', async () => {
    const devFeed = await feed()
    const releaseFeed = await feed()
    // electron-builder writes app-update.yml into the resources folder from `publish`.
    const run = boot(
      { PIM_STUB_PACKAGED: '1', PIM_UPDATE_FEED_URL: devFeed.url },
      undefined,
      (folder) => {
        mkdirSync(join(folder, 'resources'))
        writeFileSync(
          join(folder, 'resources', 'app-update.yml'),
          `provider: generic\nurl: ${releaseFeed.url}\nupdaterCacheDirName: indexed-pim-desktop-updater\n`
        )
      }
    )
    await releaseFeed.waitForRequest('/latest-linux.yml')
    expect(devFeed.requests).toEqual([])
    expect(existsSync(join(run.userData, 'dev-app-update.yml'))).toBe(false)
  }, 40_000)

  it('an unpackaged run without a dev feed does not update itself: unsupported', async () => {
    const { desktop } = boot({})
    await desktop.next('load')
    expect(await statusOf(desktop)).toMatchObject({ state: 'unsupported', currentVersion: current })
    expect(await statusOf(desktop, 'updates.check')).toMatchObject({ state: 'unsupported' })
    expect(await desktop.invoke('updates.restartNow', appUrl)).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    expect(updateStatuses(desktop)).toEqual([])
  }, 40_000)
})
