import { app } from 'electron'
import electronUpdater from 'electron-updater'
import type { UpdateStatusDto } from '@shared/updates'
import { APP_VERSION } from '@shared/version'
import { DesktopUpdater } from './desktop-updater'
import { chooseUpdateFeed, DEV_FEED_VARIABLE } from './update-feed'

/**
 * The shell's updater: the feed follows app.isPackaged (update-feed.ts); electron-updater is
 * CommonJS, so its `autoUpdater` (the updater for this OS) comes from its default export, and only
 * when the first check runs.
 */
export function createDesktopUpdater(onChange: (status: UpdateStatusDto) => void): DesktopUpdater {
  return new DesktopUpdater({
    currentVersion: APP_VERSION,
    feed: chooseUpdateFeed(app.isPackaged, process.env[DEV_FEED_VARIABLE]),
    loadUpdater: () => electronUpdater.autoUpdater,
    configDir: () => app.getPath('userData'),
    onChange
  })
}
