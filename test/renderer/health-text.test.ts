import { describe, expect, it } from 'vitest'
import type { WebhookDto, WebhookHealthDto } from '@shared/dto'
import { healthText } from '../../src/renderer/src/health-text'

const quiet: WebhookHealthDto = {
  state: 'healthy',
  windowHours: 24,
  attempts: 0,
  succeeded: 0,
  failed: 0,
  successRate: null,
  pendingRetries: 0,
  nextRetryAt: null,
  lastAttemptAt: null,
  lastAttemptFailed: null,
  lastSuccessAt: null
}

function webhook(health: Partial<WebhookHealthDto>, fields: Partial<WebhookDto> = {}): WebhookDto {
  return {
    id: 1,
    externalId: 'web_1',
    appId: 1,
    name: 'ERP',
    url: 'https://erp.example.com/hook',
    events: ['product.updated'],
    active: true,
    secretHint: 'whsec_…x',
    previousSecretExpiresAt: null,
    disabledReason: null,
    disabledAt: null,
    retrySchedule: null,
    filters: {},
    failureStreak: 0,
    failingSince: null,
    createdAt: '2026-11-30T10:00:00.000Z',
    updatedAt: '2026-11-30T10:00:00.000Z',
    ...fields,
    health: { ...quiet, ...health }
  }
}

describe('healthText', () => {
  it('says there was no traffic rather than claiming a success rate', () => {
    const text = healthText(webhook({}))
    expect(text).toMatchObject({ label: 'Healthy', severity: 'success' })
    expect(text.facts).toEqual(['No attempts in 24 h'])
  })

  it('spells out a failing receiver: rate, waiting retries, and when it last worked', () => {
    const text = healthText(
      webhook({
        state: 'failing',
        attempts: 8,
        succeeded: 2,
        failed: 6,
        successRate: 0.25,
        pendingRetries: 3,
        nextRetryAt: '2026-11-30T12:05:00.000Z',
        lastAttemptAt: '2026-11-30T12:00:00.000Z',
        lastAttemptFailed: true,
        lastSuccessAt: '2026-11-30T09:00:00.000Z'
      })
    )
    expect(text).toMatchObject({ label: 'Failing', severity: 'danger' })
    expect(text.facts[0]).toBe('25.0 % of 8 attempts')
    expect(text.facts[1]).toMatch(/^3 retries waiting, next /)
    expect(text.facts[2]).toMatch(/^last success /)
    expect(text.summary).toContain('2 of 8 attempts succeeded in the last 24 h')
    expect(text.summary).toContain('3 deliveries wait for a retry')
  })

  it('counts the exhausted streak into the label, and gives a disabled webhook its reason', () => {
    expect(healthText(webhook({ state: 'failing' }, { failureStreak: 4 })).label).toBe('Failing ×4')
    const disabled = healthText(
      webhook(
        { state: 'disabled' },
        {
          active: false,
          disabledReason: 'The receiver answered 410 Gone.',
          disabledAt: '2026-11-30T11:00:00.000Z'
        }
      )
    )
    expect(disabled).toMatchObject({ label: 'Disabled', severity: 'danger' })
    expect(disabled.summary).toContain('410 Gone')
    expect(healthText(webhook({ state: 'inactive' }, { active: false })).facts[0]).toContain(
      'Turned off'
    )
  })
})
