/**
 * Where the updater looks for releases (pure). A packaged app reads the app-update.yml
 * electron-builder wrote from its `publish` configuration (the GitHub releases of this repository)
 * and nothing else: an environment variable must never redirect an installed app's updates. An
 * unpackaged run (development, the tests) has a feed only when PIM_UPDATE_FEED_URL names one.
 */
export type UpdateFeed =
  | { kind: 'packaged' }
  | { kind: 'dev'; url: string }
  /** No updates in this run: Settings says `unsupported`. */
  | { kind: 'none' }

export const DEV_FEED_VARIABLE = 'PIM_UPDATE_FEED_URL'
/** What electron-builder names the download cache (`<package name>-updater`). */
export const UPDATER_CACHE_DIR_NAME = 'indexed-pim-desktop-updater'

export function chooseUpdateFeed(isPackaged: boolean, devFeedUrl: string | undefined): UpdateFeed {
  if (isPackaged) return { kind: 'packaged' }
  if (!devFeedUrl || !URL.canParse(devFeedUrl)) return { kind: 'none' }
  const url = new URL(devFeedUrl)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'none' }
  return { kind: 'dev', url: url.href }
}

/**
 * The dev-app-update.yml of a dev feed: electron-updater reads the cache folder's name from its
 * update config file even when setFeedURL chose the feed, so a dev feed needs one as well.
 */
export function devUpdateConfig(url: string): string {
  return `provider: generic\nurl: ${JSON.stringify(url)}\nupdaterCacheDirName: ${UPDATER_CACHE_DIR_NAME}\n`
}
