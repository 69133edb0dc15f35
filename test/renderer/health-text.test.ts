import { describe, expect, it } from 'vitest'
import type { WebhookDto, WebhookHealthDto } from '@shared/dto'
import { healthText } from '../../src/renderer/src/health-text'

const quiet: WebhookHealthDto = {
  state: 'healthy',
  reason: 'No attempts in 24 h; none is failing.',
  windowHours: 24,
  attempts: 0,
  succeeded: 0,
  failed: 0,
  successRate: null,
  pendingRetries: 0,
  nextRetryAt: null,
  lastAttemptAt: null,
  lastAttemptFailed: null,
  lastSuccessAt: null,
  recentAttempts: 0,
  recentSucceeded: 0,
  failedInARow: 0,
  succeededInARow: 0
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
    headers: [],
    failureStreak: 0,
    failingSince: null,
    ratePerSecond: null,
    maxInFlight: null,
    orderedPerRecord: false,
    heldSince: null,
    flow: { held: 0, oldestHeldAt: null, waitingForLimit: 0 },
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

  it('has a neutral "No deliveries yet" for a webhook without evidence, and says test sends do not count', () => {
    const text = healthText(webhook({ state: 'new', reason: 'No delivery attempt yet.' }))
    expect(text).toMatchObject({ label: 'No deliveries yet', severity: 'secondary' })
    expect(text.facts).toEqual(['Waiting for its first delivery'])
    expect(text.summary).toContain('Test sends are not counted.')
  })

  it('shows the figures the state rests on, and why it has not recovered yet', () => {
    const text = healthText(
      webhook({
        state: 'failing',
        reason: 'Still failing until 3 attempts in a row succeed.',
        attempts: 20,
        succeeded: 9,
        failed: 11,
        successRate: 0.45,
        pendingRetries: 2,
        nextRetryAt: '2026-11-30T12:05:00.000Z',
        lastAttemptAt: '2026-11-30T12:00:00.000Z',
        lastAttemptFailed: false,
        lastSuccessAt: '2026-11-30T12:00:00.000Z',
        recentAttempts: 20,
        recentSucceeded: 9,
        succeededInARow: 2
      })
    )
    expect(text.facts.slice(0, 2)).toEqual([
      '9 of 20 attempts succeeded in 24 h',
      'last 2 attempts succeeded'
    ])
    expect(text.facts[2]).toMatch(/^2 retries waiting, next /)
    expect(text.summary).toMatch(
      /^Failing\. Still failing until 3 attempts in a row succeed\. 9 of 20 attempts succeeded/
    )
  })

  it('spells out a failing receiver: rate, waiting retries, and when it last worked', () => {
    const text = healthText(
      webhook({
        state: 'failing',
        reason: '3 attempts in a row failed.',
        failedInARow: 3,
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
    expect(text.facts[0]).toBe('2 of 8 attempts succeeded in 24 h')
    expect(text.facts[1]).toBe('last 3 attempts failed')
    expect(text.facts[2]).toMatch(/^3 retries waiting, next /)
    expect(text.facts[3]).toMatch(/^last success /)
    expect(text.summary).toContain('Failing. 3 attempts in a row failed.')
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
