import { version } from '../../package.json'

/** The app's version, read from package.json at build time; sent in the User-Agent header. */
export const APP_VERSION: string = version
export const USER_AGENT = `IndexedPIM-Webhooks/${APP_VERSION}`
