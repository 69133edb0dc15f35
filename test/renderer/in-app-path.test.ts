import { describe, expect, it } from 'vitest'
import { createAppRouter } from '../../src/renderer/src/router'
import { inAppPath } from '../../src/renderer/src/router/in-app-path'

/** What App.vue does with a route the desktop's main process asks for (NAVIGATE_CHANNEL). */
describe('navigation requests from the main process', () => {
  const router = createAppRouter()

  it('takes the app’s own pages', () => {
    expect(inAppPath(router, '/apps/2/logs?webhookId=7')).toBe('/apps/2/logs?webhookId=7')
    expect(inAppPath(router, '/apps/2/logs')).toBe('/apps/2/logs')
    expect(inAppPath(router, '/settings')).toBe('/settings')
    expect(inAppPath(router, '/')).toBe('/')
  })

  it('ignores URLs, other hosts, unknown pages and anything not a string', () => {
    for (const path of [
      'https://evil.example/apps/2/logs',
      '//evil.example/apps',
      'apps/2/logs',
      'javascript:alert(1)',
      '/nowhere',
      '/apps/two/logs',
      '',
      42,
      null,
      { path: '/settings' }
    ])
      expect(inAppPath(router, path), JSON.stringify(path)).toBeNull()
  })
})
