import { describe, expect, it } from 'vitest'
import type { AlertDto } from '@shared/dto'
import { defaultPreferences, type NotificationPreferences } from '@shared/preferences'
import { alertNotice, type NoticeContext } from '../../src/renderer/src/alert-notice'

/** An alert of app 2 about webhook 7, raised at 12:00 local time. */
function alert(fields: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 41,
    appId: 2,
    webhookId: 7,
    webhookName: 'ERP order feed',
    kind: 'failing',
    state: 'raised',
    title: 'Webhook "ERP order feed" is failing',
    text: 'Webhook "ERP order feed" is failing (app Orders): HTTP 500',
    createdAt: '2026-12-04T12:00:00.000Z',
    readAt: null,
    ...fields
  }
}

const noon = new Date(2026, 11, 4, 12, 0)
const on: NotificationPreferences = defaultPreferences.notifications

function context(fields: Partial<NoticeContext> = {}): NoticeContext {
  return { shell: 'browser', notifications: on, permission: 'granted', now: noon, ...fields }
}

describe('how a pushed alert is told', () => {
  it('in a browser with permission: a toast and a notification, both opening the webhook log', () => {
    const notice = alertNotice(alert(), context())
    expect(notice.toast).toEqual({
      severity: 'warn',
      summary: 'Webhook "ERP order feed" is failing',
      detail: 'Webhook "ERP order feed" is failing (app Orders): HTTP 500',
      route: '/apps/2/logs?webhookId=7'
    })
    expect(notice.browserNotification).toEqual({
      title: 'Webhook "ERP order feed" is failing',
      body: 'Webhook "ERP order feed" is failing (app Orders): HTTP 500',
      tag: 'alert-41',
      route: '/apps/2/logs?webhookId=7'
    })
  })

  it('a recovery is a success toast; a deleted webhook opens the app log', () => {
    const notice = alertNotice(alert({ state: 'recovered', webhookId: null }), context())
    expect(notice.toast.severity).toBe('success')
    expect(notice.toast.route).toBe('/apps/2/logs')
    expect(notice.browserNotification?.route).toBe('/apps/2/logs')
  })

  it('in the desktop shell only the toast: the main process notifies natively', () => {
    const notice = alertNotice(alert(), context({ shell: 'desktop' }))
    expect(notice.toast.summary).toBe('Webhook "ERP order feed" is failing')
    expect(notice.browserNotification).toBeNull()
  })

  it('no notification before the preferences are known (the shell could be the desktop)', () => {
    expect(alertNotice(alert(), context({ shell: null })).browserNotification).toBeNull()
    expect(alertNotice(alert(), context({ notifications: null })).browserNotification).toBeNull()
  })

  it('no notification without the browser’s permission, or where there is none', () => {
    for (const permission of ['default', 'denied', 'unsupported'] as const)
      expect(alertNotice(alert(), context({ permission })).browserNotification).toBeNull()
  })

  it('no notification when turned off, for a muted app, or in quiet hours; the toast stays', () => {
    const cases: NotificationPreferences[] = [
      { ...on, enabled: false },
      { ...on, mutedAppIds: [2] },
      { ...on, quietHours: { from: '11:30', to: '12:30' } },
      { ...on, quietHours: { from: '22:00', to: '12:01' } }
    ]
    for (const notifications of cases) {
      const notice = alertNotice(alert(), context({ notifications }))
      expect(notice.browserNotification, JSON.stringify(notifications)).toBeNull()
      expect(notice.toast.summary).toBe('Webhook "ERP order feed" is failing')
    }
  })

  it('notifies for another app than the muted one and outside the quiet hours', () => {
    const notifications = { ...on, mutedAppIds: [3], quietHours: { from: '22:00', to: '07:00' } }
    expect(alertNotice(alert(), context({ notifications })).browserNotification).not.toBeNull()
  })
})
