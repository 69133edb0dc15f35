/** Kept equal to package.json's version (a test checks); sent in the User-Agent header. */
export const APP_VERSION = '0.1.0'
export const USER_AGENT = `IndexedPIM-Webhooks/${APP_VERSION}`
