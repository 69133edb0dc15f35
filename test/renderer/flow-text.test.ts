import { describe, expect, it } from 'vitest'
import type { WebhookDto } from '@shared/dto'
import {
  discardedOutcome,
  discardQuestion,
  draftOf,
  draftProblemField,
  draftProblems,
  draftValues,
  flowStateText,
  heldText,
  limitsText,
  orderingText,
  rateHint
} from '../../src/renderer/src/flow-text'
import {
  attemptErrorText,
  errorClassLabel,
  statusSeverity
} from '../../src/renderer/src/error-class-text'

const utc = { timeZone: 'UTC', now: new Date('2026-12-04T12:00:00.000Z') }

function webhook(fields: Partial<WebhookDto> = {}): WebhookDto {
  return {
    ratePerSecond: null,
    maxInFlight: null,
    orderedPerRecord: false,
    heldSince: null,
    flow: { held: 0, oldestHeldAt: null, waitingForLimit: 0 },
    ...fields
  } as WebhookDto
}

const draft = (rate: string, inFlight = '', ordered = false) => ({ rate, inFlight, ordered })

describe('the flow controls form draft', () => {
  it('starts unlimited and unordered, and shows a webhook’s values as text', () => {
    expect(draftOf(null)).toEqual({ rate: '', inFlight: '', ordered: false })
    expect(
      draftOf(webhook({ ratePerSecond: 0.5, maxInFlight: 4, orderedPerRecord: true }))
    ).toEqual({ rate: '0.5', inFlight: '4', ordered: true })
  })

  it('sends null for a cleared field and reads decimals with a point or a comma', () => {
    expect(draftValues(draft('', ''))).toEqual({
      ratePerSecond: null,
      maxInFlight: null,
      orderedPerRecord: false
    })
    expect(draftValues(draft(' 2 ', '3', true))).toEqual({
      ratePerSecond: 2,
      maxInFlight: 3,
      orderedPerRecord: true
    })
    expect(draftValues(draft('0,5')).ratePerSecond).toBe(0.5)
    expect(draftValues(draft('.25')).ratePerSecond).toBe(0.25)
  })

  it('checks with the contract’s rules and words', () => {
    expect(draftProblems(draft('2', '4'))).toEqual({ ratePerSecond: null, maxInFlight: null })
    expect(draftProblems(draft('5000')).ratePerSecond).toBe('Must be at most 1000 per second')
    expect(draftProblems(draft('0.001')).ratePerSecond).toContain(
      'Must be at least one delivery a minute'
    )
    expect(draftProblems(draft('fast')).ratePerSecond).toContain('Enter a number')
    expect(draftProblems(draft('1e3')).ratePerSecond).toContain('Enter a number')
    expect(draftProblems(draft('', '2.5')).maxInFlight).toBe('Must be a whole number of requests')
    expect(draftProblems(draft('', '0')).maxInFlight).toBe('Must be at least 1')
    expect(draftProblems(draft('', '101')).maxInFlight).toBe('Must be at most 100')
    expect(draftProblems(draft('', 'many')).maxInFlight).toContain('whole number')
  })

  it('names the first field with a problem, for the focus', () => {
    expect(draftProblemField(draft('2', '4'))).toBeNull()
    expect(draftProblemField(draft('5000', '0'))).toBe('webhook-rate')
    expect(draftProblemField(draft('2', '0'))).toBe('webhook-in-flight')
  })

  it('says what the typed rate means', () => {
    expect(rateHint(draft(''))).toContain('as fast as the receiver answers')
    expect(rateHint(draft('0.5'))).toContain('At most 1 every 2 seconds')
    expect(rateHint(draft('2'))).toContain('At most 2 per second')
    expect(rateHint(draft('5000'))).toBe('')
  })
})

describe('flow controls in words', () => {
  it('describes the limits and the ordering for the settings summary', () => {
    expect(limitsText(webhook())).toBe('Unlimited')
    expect(limitsText(webhook({ ratePerSecond: 2 }))).toBe('2 per second')
    expect(limitsText(webhook({ ratePerSecond: 1 / 60, maxInFlight: 1 }))).toBe(
      '1 per minute, at most 1 request in flight'
    )
    expect(limitsText(webhook({ maxInFlight: 4 }))).toBe('At most 4 requests in flight')
    expect(orderingText(webhook({ orderedPerRecord: true }))).toContain('In order per record')
    expect(orderingText(webhook())).toContain('Any order')
  })

  it('gives a held webhook its row state, distinct from a limited one', () => {
    const held = webhook({
      heldSince: '2026-12-04T10:02:00.000Z',
      flow: { held: 42, oldestHeldAt: '2026-12-04T10:05:00.000Z', waitingForLimit: 0 }
    })
    expect(flowStateText(held, utc)).toEqual({
      label: 'On hold',
      severity: 'info',
      detail: '42 waiting since 4 Dec, 10:02:00',
      summary:
        'On hold since 4 Dec 2026, 10:02:00 UTC: 42 deliveries waiting (oldest queued 4 Dec 2026, 10:05:00 UTC). Nothing is sent until it is resumed.'
    })
    const empty = webhook({ heldSince: '2026-12-04T10:02:00.000Z' })
    expect(flowStateText(empty, utc)?.detail).toBe('Since 4 Dec, 10:02:00')
    expect(heldText(empty, utc)).toBe(
      'On hold since 4 Dec 2026, 10:02:00 UTC: no deliveries waiting.'
    )

    const limited = webhook({
      ratePerSecond: 2,
      flow: { held: 0, oldestHeldAt: null, waitingForLimit: 120 }
    })
    expect(flowStateText(limited, utc)).toMatchObject({
      label: 'Rate limited',
      detail: '120 waiting',
      summary: expect.stringContaining(
        'Rate limited (2 per second): 120 deliveries wait their turn'
      )
    })
    expect(flowStateText(webhook({ ratePerSecond: 2 }), utc)).toBeNull()
    expect(flowStateText(webhook(), utc)).toBeNull()
  })

  it('asks before discarding, naming the count, and reports what was discarded', () => {
    expect(discardQuestion(3)).toEqual({
      header: 'Discard 3 held deliveries?',
      message:
        'They are not sent. Each is logged as discarded, and can be redelivered from the delivery log.'
    })
    expect(discardQuestion(1).header).toBe('Discard 1 held delivery?')
    expect(discardedOutcome(2)).toBe('2 held deliveries discarded; see the delivery log')
    expect(discardedOutcome(0)).toBe('Nothing was waiting to discard')
  })
})

describe('error classes in words', () => {
  it('reads a discarded attempt as such, not as a receiver failure', () => {
    expect(errorClassLabel('discarded')).toBe('discarded on hold')
    expect(errorClassLabel('connection_refused')).toBe('connection refused')
    expect(errorClassLabel(null)).toBe('error')
    expect(statusSeverity(0, 'discarded')).toBe('secondary')
    expect(statusSeverity(0, 'timeout')).toBe('danger')
    expect(statusSeverity(204)).toBe('success')
    expect(statusSeverity(404)).toBe('warn')
    expect(attemptErrorText('discarded', 'Discarded by the operator')).toMatch(
      /^Discarded while on hold: .*never sent/
    )
    expect(attemptErrorText('too_large', 'Body is 300 KiB')).toBe('too large: Body is 300 KiB')
  })
})
