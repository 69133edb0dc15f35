import { describe, expect, it } from 'vitest'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import type { UpdateStatusDto } from '@shared/updates'
import {
  deliveryConcernText,
  deliveryStatusText,
  dueText,
  updateStatusText
} from '../../src/renderer/src/this-computer-text'
import { upgradeView, WAITING_TEXT } from '../../src/renderer/src/upgrade/upgrade-text'

const utc = { timeZone: 'UTC', now: new Date('2026-12-04T12:00:00.000Z') }

function delivery(fields: Partial<DeliveryStatusDto> = {}): DeliveryStatusDto {
  return {
    paused: false,
    pending: 0,
    nextDueAt: null,
    failingWebhooks: 0,
    heldWebhooks: 0,
    state: 'healthy',
    ...fields
  }
}

function update(fields: Partial<UpdateStatusDto> = {}): UpdateStatusDto {
  return {
    state: 'idle',
    currentVersion: '1.4.0',
    availableVersion: null,
    percent: null,
    checkedAt: null,
    error: null,
    ...fields
  }
}

describe('the delivery line of "On this computer"', () => {
  it('says whether it delivers, what waits and when the next one is due', () => {
    expect(deliveryStatusText(delivery(), utc)).toBe('Delivering · nothing waiting')
    expect(
      deliveryStatusText(delivery({ pending: 12, nextDueAt: '2026-12-04T14:05:30.000Z' }), utc)
    ).toBe('Delivering · 12 waiting, next due 14:05')
    expect(
      deliveryStatusText(delivery({ pending: 1200, nextDueAt: '2026-12-06T09:00:00.000Z' }), utc)
    ).toBe('Delivering · 1,200 waiting, next due 6 Dec, 09:00')
    expect(
      deliveryStatusText(delivery({ pending: 3, nextDueAt: '2026-12-04T11:59:00.000Z' }), utc)
    ).toBe('Delivering · 3 waiting, next due now')
  })

  it('paused: how many wait, no due time (nothing goes out)', () => {
    expect(
      deliveryStatusText(
        delivery({ paused: true, pending: 12, nextDueAt: '2026-12-04T14:05:00.000Z' }),
        utc
      )
    ).toBe('Paused · 12 waiting')
    expect(deliveryStatusText(delivery({ paused: true }), utc)).toBe('Paused · nothing waiting')
  })

  it('names failing and held webhooks, or nothing', () => {
    expect(deliveryConcernText(delivery())).toBeNull()
    expect(deliveryConcernText(delivery({ failingWebhooks: 1, heldWebhooks: 2 }))).toBe(
      '1 failing webhook, 2 webhooks on hold'
    )
    expect(dueText('2026-12-04T23:59:00.000Z', utc)).toBe('23:59')
  })
})

describe('the update status', () => {
  it('says each state in words, and an error in its own words', () => {
    expect(updateStatusText(update({ state: 'unsupported' }))).toBe(
      'This copy of the app does not update itself.'
    )
    expect(updateStatusText(update({ state: 'checking' }))).toBe('Checking for updates…')
    expect(updateStatusText(update({ state: 'up-to-date' }))).toBe('Up to date.')
    expect(
      updateStatusText(update({ state: 'downloading', availableVersion: '1.5.0', percent: 41.6 }))
    ).toBe('Downloading version 1.5.0… 42%')
    expect(updateStatusText(update({ state: 'ready', availableVersion: '1.5.0' }))).toBe(
      'Version 1.5.0 is ready: it installs when the app restarts.'
    )
    expect(
      updateStatusText(update({ state: 'error', error: 'The update feed answered HTTP 503' }))
    ).toBe('The update feed answered HTTP 503')
    expect(updateStatusText(update({ state: 'disabled' }))).toBe('Automatic updates are off.')
  })
})

describe('the upgrade window', () => {
  it('shows the running step, the steps done, waiting and the end', () => {
    expect(upgradeView(null)).toEqual({ step: 'Getting ready…', bar: null })
    expect(upgradeView({ phase: 'waiting' })).toEqual({ step: `${WAITING_TEXT}…`, bar: null })
    expect(
      upgradeView({ phase: 'migrating', done: 3, total: 7, step: 'Add flow controls' })
    ).toEqual({
      step: 'Step 4 of 7: Add flow controls',
      bar: { done: 3, total: 7, text: '3 of 7 steps done' }
    })
    expect(upgradeView({ phase: 'finished', total: 7 }).bar).toEqual({
      done: 7,
      total: 7,
      text: '7 of 7 steps done'
    })
  })

  it('keeps odd reports inside the bar', () => {
    expect(upgradeView({ phase: 'migrating', done: 9, total: 7, step: 'x' }).bar?.done).toBe(7)
    expect(upgradeView({ phase: 'migrating', done: 0, total: 0, step: 'x' }).bar).toEqual({
      done: 0,
      total: 1,
      text: '0 of 1 steps done'
    })
  })
})
