import { join, relative, resolve, sep } from 'node:path'

/**
 * The renderer is served from `app://renderer/...`, a privileged custom scheme, instead of
 * `file://`: a file URL would give the page every local file's origin, and any other HTML file
 * on disk would look like the app to a naive origin check.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'renderer'
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`
/** The upgrade window's page (a second entry of the renderer build). */
export const APP_UPGRADE_URL = `${APP_SCHEME}://${APP_HOST}/upgrade.html`

/**
 * The file an `app://` request may read, or null: only our host, only below the renderer folder
 * (encoded `..`, backslashes and NUL bytes included), and `/` means index.html.
 */
export function resolveAppRequest(requestUrl: string, rendererDir: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0') || path.includes('\\')) return null
  const root = resolve(rendererDir)
  const file = resolve(join(root, path === '/' ? 'index.html' : path))
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) return null
  return file
}
