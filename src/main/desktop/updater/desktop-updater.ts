import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater'
import type { UpdateStatusDto } from '@shared/updates'
import type { PimCore } from '../../core/pim-core'
import type { UpdateControl } from '../../core/local/update-control'
import { conflict } from '../../core/support/core-error'
import { describeUpdateError } from './update-errors'
import { devUpdateConfig, type UpdateFeed } from './update-feed'
import { initialUpdateStatus, mayCheck, nextUpdateStatus, type UpdateEvent } from './update-status'
import { updaterLogger } from './updater-logger'

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000

export interface DesktopUpdaterOptions {
  currentVersion: string
  feed: UpdateFeed
  /** electron-updater's updater for this OS, made on first use (it reads the app's version). */
  loadUpdater: () => AppUpdater
  /** Where a dev feed's dev-app-update.yml is written (the data folder). */
  configDir: () => string
  /** Every change of the status: the shell pushes it as `updates.changed`. */
  onChange: (status: UpdateStatusDto) => void
  now?: () => Date
}

/**
 * The desktop's automatic updates, on electron-updater: a check at start and every 24 hours,
 * the download in the background, the install on quit or on "Restart now". A failure is a status
 * for Settings, never a stop of the app. The states and words are update-status.ts and
 * update-errors.ts; this class only connects electron-updater's events to them.
 */
export class DesktopUpdater implements UpdateControl {
  private current: UpdateStatusDto
  private updater: AppUpdater | null = null
  private timer: NodeJS.Timeout | null = null
  private enabled = true
  private running = false

  constructor(private readonly options: DesktopUpdaterOptions) {
    const state = options.feed.kind === 'none' ? 'unsupported' : 'idle'
    this.current = initialUpdateStatus(options.currentVersion, state)
  }

  status(): UpdateStatusDto {
    return this.current
  }

  /** Follows the operator's `autoUpdate` preference, now and on every `preferences.changed`. */
  follow(core: Pick<PimCore, 'local' | 'onPush'>): void {
    this.preferenceChanged(core.local.preferences().preferences.autoUpdate)
    core.onPush((event) => {
      if (event.type === 'preferences.changed') this.preferenceChanged(event.preferences.autoUpdate)
    })
  }

  /** Checks now, then every 24 hours (a timer that never keeps the app alive). */
  start(): void {
    if (this.running || this.current.state === 'unsupported') return
    this.running = true
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS)
    this.timer.unref()
    void this.check()
  }

  stop(): void {
    this.running = false
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  preferenceChanged(enabled: boolean): void {
    if (enabled === this.enabled || this.current.state === 'unsupported') return
    this.enabled = enabled
    // Off means no install either: a download already made stays where it is.
    if (this.updater) this.updater.autoInstallOnAppQuit = enabled
    this.apply({ type: enabled ? 'enabled' : 'disabled' })
    if (enabled && this.running) void this.check()
  }

  async check(): Promise<UpdateStatusDto> {
    if (!this.enabled || !mayCheck(this.current)) return this.current
    const updater = this.instance()
    try {
      const result = await updater.checkForUpdates()
      // null: electron-updater is inactive here (a Linux build that is not an AppImage or deb).
      if (!result) this.apply({ type: 'unsupported' })
      // A failed download is reported by the `error` event; the promise must not go unhandled.
      else void result.downloadPromise?.catch(() => undefined)
    } catch (error) {
      this.apply({ type: 'failed', error: describeUpdateError(error) })
    }
    return this.current
  }

  async restartNow(): Promise<UpdateStatusDto> {
    if (this.current.state !== 'ready' || !this.updater)
      throw conflict('no update is ready to install: Settings shows when one has been downloaded')
    // Silent, then start the new version: the operator already chose "Restart now".
    this.updater.quitAndInstall(true, true)
    return this.current
  }

  private apply(event: UpdateEvent): void {
    const next = nextUpdateStatus(this.current, event)
    if (JSON.stringify(next) === JSON.stringify(this.current)) return
    this.current = next
    this.options.onChange(next)
  }

  private instance(): AppUpdater {
    if (this.updater) return this.updater
    const updater = this.options.loadUpdater()
    updater.logger = updaterLogger()
    updater.autoDownload = true
    updater.autoInstallOnAppQuit = this.enabled
    updater.allowDowngrade = false
    // The NSIS target is a full installer; a web installer's package is never expected.
    updater.disableWebInstaller = true
    const { feed } = this.options
    if (feed.kind === 'dev') {
      // Development and tests only (update-feed.ts): a generic feed instead of app-update.yml.
      const config = join(this.options.configDir(), 'dev-app-update.yml')
      writeFileSync(config, devUpdateConfig(feed.url))
      updater.updateConfigPath = config
      updater.forceDevUpdateConfig = true
      updater.setFeedURL({ provider: 'generic', url: feed.url })
    }
    const now = this.options.now ?? (() => new Date())
    updater.on('checking-for-update', () => this.apply({ type: 'checking', at: now() }))
    updater.on('update-available', (info: UpdateInfo) =>
      this.apply({ type: 'available', version: info.version })
    )
    updater.on('update-not-available', () => this.apply({ type: 'not-available' }))
    updater.on('download-progress', (progress: ProgressInfo) =>
      this.apply({ type: 'progress', percent: progress.percent })
    )
    updater.on('update-downloaded', (info: UpdateInfo) =>
      this.apply({ type: 'downloaded', version: info.version })
    )
    updater.on('error', (error: Error) =>
      this.apply({ type: 'failed', error: describeUpdateError(error) })
    )
    this.updater = updater
    return updater
  }
}
