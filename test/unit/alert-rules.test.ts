import { describe, expect, it } from 'vitest'
import {
  conditionsOf,
  decideAlert,
  decideAlerts,
  type StoredAlertState,
  type WebhookAlertFacts
} from '../../src/main/core/alerts/alert-rules'

const MIN = 60_000
const QUIET = 30 * MIN
const thresholds = { heldThresholdMs: 60 * MIN, quietPeriodMs: QUIET }
const facts = (over: Partial<WebhookAlertFacts> = {}): WebhookAlertFacts => ({
  active: true,
  failing: false,
  disabledReason: null,
  oldestHeldAt: null,
  ...over
})
const state = (over: Partial<StoredAlertState>): StoredAlertState => ({
  state: 'raised',
  raisedAt: 0,
  lastNotifiedAt: 0,
  version: 1,
  ...over
})

describe('alert rules', () => {
  it('raises and tells a new condition, then stays quiet while it holds', () => {
    expect(decideAlert(true, null, QUIET, 1_000)).toEqual({ action: 'raise', notify: true })
    const neverRaised = state({ state: 'recovered', raisedAt: null, lastNotifiedAt: null })
    expect(decideAlert(true, neverRaised, QUIET, 1_000)).toEqual({ action: 'raise', notify: true })
    expect(decideAlert(true, state({ raisedAt: 5, lastNotifiedAt: 5 }), QUIET, 10 * QUIET)).toEqual(
      { action: 'none' }
    )
    expect(decideAlert(false, null, QUIET, 1_000)).toEqual({ action: 'none' })
  })

  it('tells a recovery once, and only of a raise that was told', () => {
    expect(decideAlert(false, state({ raisedAt: 5, lastNotifiedAt: 5 }), QUIET, 9)).toEqual({
      action: 'recover',
      notify: true
    })
    expect(decideAlert(false, state({ raisedAt: 50, lastNotifiedAt: 5 }), QUIET, 60)).toEqual({
      action: 'recover',
      notify: false
    })
    expect(decideAlert(false, state({ state: 'recovered' }), QUIET, 60)).toEqual({
      action: 'none'
    })
  })

  it('keeps a flap inside the quiet period silent, and tells it once the period is over', () => {
    // Told at 0 (the recovery), failing again 10 minutes later: raised without a notice.
    const recovered = state({ state: 'recovered', raisedAt: -MIN, lastNotifiedAt: 0 })
    expect(decideAlert(true, recovered, QUIET, 10 * MIN)).toEqual({
      action: 'raise',
      notify: false
    })
    const silent = state({ raisedAt: 10 * MIN, lastNotifiedAt: 0 })
    expect(decideAlert(true, silent, QUIET, 20 * MIN)).toEqual({ action: 'none' })
    // Still failing when the quiet period ends: the notice goes out then.
    expect(decideAlert(true, silent, QUIET, QUIET)).toEqual({ action: 'notify' })
    // Recovered before that: nobody was told of it, so no recovery notice either.
    expect(decideAlert(false, silent, QUIET, 20 * MIN)).toEqual({
      action: 'recover',
      notify: false
    })
    // After the quiet period a new raise is told at once; a quiet period of 0 never holds one back.
    expect(decideAlert(true, recovered, QUIET, QUIET)).toEqual({ action: 'raise', notify: true })
    expect(decideAlert(true, recovered, 0, 1)).toEqual({ action: 'raise', notify: true })
  })

  it('judges failing only while the webhook is on, held against the threshold', () => {
    const now = 10 * 60 * MIN
    expect(conditionsOf(facts({ failing: true }), thresholds, now)).toEqual({
      failing: true,
      disabled: false,
      held: false
    })
    expect(
      conditionsOf(facts({ active: false, disabledReason: '410 Gone' }), thresholds, now)
    ).toEqual({ failing: null, disabled: true, held: false })
    expect(conditionsOf(facts({ oldestHeldAt: now - 59 * MIN }), thresholds, now).held).toBe(false)
    expect(conditionsOf(facts({ oldestHeldAt: now - 60 * MIN }), thresholds, now).held).toBe(true)
    // Switched off: a raised Failing alert neither recovers nor repeats.
    const decisions = decideAlerts(
      facts({ active: false, disabledReason: 'gone' }),
      new Map([['failing', state({})]]),
      thresholds,
      now
    )
    expect(decisions).toEqual([
      { kind: 'failing', decision: { action: 'none' } },
      { kind: 'disabled', decision: { action: 'raise', notify: true } },
      { kind: 'held', decision: { action: 'none' } }
    ])
  })
})
