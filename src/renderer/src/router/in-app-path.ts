import type { Router } from 'vue-router'

/**
 * The route a navigation request names, or null when it names none of the app's own pages: it
 * must be an in-app path ("/apps/2/logs?webhookId=7"), never a URL, a protocol-relative "//host"
 * or anything only the catch-all (which sends to the dashboard) would take.
 */
export function inAppPath(router: Router, path: unknown): string | null {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return null
  try {
    const resolved = router.resolve(path)
    const known =
      resolved.matched.length > 0 &&
      resolved.matched.every((record) => !record.path.includes(':pathMatch'))
    return known ? resolved.fullPath : null
  } catch {
    return null
  }
}
