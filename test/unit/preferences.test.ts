import { describe, expect, it } from 'vitest'
import { inQuietHours, shouldNotify, defaultPreferences } from '@shared/preferences'

const at = (time: string) => new Date(`2026-12-05T${time}:00`)

describe('quiet hours', () => {
  it('cover a range within a day, start included and end excluded', () => {
    const hours = { from: '12:00', to: '13:30' }
    expect(inQuietHours(at('11:59'), hours)).toBe(false)
    expect(inQuietHours(at('12:00'), hours)).toBe(true)
    expect(inQuietHours(at('13:29'), hours)).toBe(true)
    expect(inQuietHours(at('13:30'), hours)).toBe(false)
  })

  it('cross midnight', () => {
    const night = { from: '22:00', to: '07:00' }
    expect(inQuietHours(at('21:59'), night)).toBe(false)
    expect(inQuietHours(at('23:30'), night)).toBe(true)
    expect(inQuietHours(at('00:00'), night)).toBe(true)
    expect(inQuietHours(at('06:59'), night)).toBe(true)
    expect(inQuietHours(at('07:00'), night)).toBe(false)
    expect(inQuietHours(at('03:00'), null)).toBe(false)
  })
})

describe('whether an alert notifies', () => {
  const on = defaultPreferences.notifications
  it('needs notifications on, the app not muted and no quiet hours', () => {
    expect(shouldNotify(1, on, at('10:00'))).toBe(true)
    expect(shouldNotify(1, { ...on, enabled: false }, at('10:00'))).toBe(false)
    expect(shouldNotify(1, { ...on, mutedAppIds: [1] }, at('10:00'))).toBe(false)
    expect(shouldNotify(2, { ...on, mutedAppIds: [1] }, at('10:00'))).toBe(true)
    const quiet = { ...on, quietHours: { from: '09:00', to: '11:00' } }
    expect(shouldNotify(1, quiet, at('10:00'))).toBe(false)
    expect(shouldNotify(1, quiet, at('11:00'))).toBe(true)
  })
})
