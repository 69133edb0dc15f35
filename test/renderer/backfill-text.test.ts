import { describe, expect, it } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import {
  backfillCountsText,
  backfillPercent,
  backfillSelectionText,
  backfillStartedText,
  backfillStatusText,
  backfillTypeChoices,
  cancelBackfillQuestion,
  defaultBackfillTypes,
  unsendableText
} from '../../src/renderer/src/backfill-text'

const backfill = (fields: Partial<BackfillDto>): BackfillDto => ({
  id: 1,
  externalId: 'bkf_1',
  webhookId: 7,
  types: ['brand'],
  match: 'all',
  search: null,
  state: 'running',
  total: 500,
  fed: 120,
  delivered: 98,
  failed: 2,
  reason: null,
  createdAt: '2026-12-05T10:00:00.000Z',
  updatedAt: '2026-12-05T10:00:01.000Z',
  finishedAt: null,
  ...fields
})

describe('the dialog’s record types', () => {
  const webhook = {
    events: ['product.created', 'brand.updated', 'order.updated', 'app.updated'] as const,
    filters: {
      'order.updated': {
        fields: ['total'],
        conditions: [{ field: 'status', op: 'eq' as const, value: 'paid' }]
      }
    }
  }
  const choices = backfillTypeChoices({ events: [...webhook.events], filters: webhook.filters })

  it('offers every record type the webhook hears, in the catalog’s order, apps left out', () => {
    expect(choices.map((choice) => choice.type)).toEqual(['brand', 'product', 'order'])
  })

  it('can send only the types whose updated event it hears, and checks those', () => {
    expect(choices.map((choice) => choice.sendable)).toEqual([true, false, true])
    expect(defaultBackfillTypes(choices)).toEqual(['brand', 'order'])
    expect(unsendableText('product')).toBe(
      'It hears no product.updated; add that event to send product records.'
    )
  })

  it('tells the conditions in words, without the watched fields (a backfill sends state)', () => {
    expect(choices.find((choice) => choice.type === 'order')?.conditions).toBe('Status equals paid')
    expect(choices.find((choice) => choice.type === 'brand')?.conditions).toBeNull()
  })
})

describe('a backfill in words', () => {
  it('counts sent, delivered and failed of the total', () => {
    expect(backfillCountsText(backfill({}))).toBe('120 of 500 sent · 98 delivered · 2 failed')
    expect(backfillPercent(backfill({}))).toBe(20)
    expect(backfillPercent(backfill({ total: 0, state: 'finished' }))).toBe(100)
    expect(backfillPercent(backfill({ total: 0 }))).toBe(0)
  })

  it('says what each state means for what is still sent', () => {
    expect(backfillStatusText(backfill({}))).toBe(
      'Sending the current state: 120 of 500 sent · 98 delivered · 2 failed'
    )
    expect(backfillStatusText(backfill({ state: 'paused' }))).toBe(
      'Paused (messages already queued still go out): 120 of 500 sent · 98 delivered · 2 failed'
    )
    const finishedAt = '2026-12-05T10:05:00.000Z'
    expect(
      backfillStatusText(
        backfill({ state: 'finished', fed: 500, delivered: 499, failed: 1, finishedAt })
      )
    ).toMatch(
      /^Finished 5 Dec 2026, \d\d:05:00 .*: 499 records delivered, 1 failed after every retry$/
    )
    expect(backfillStatusText(backfill({ state: 'finished', total: 0, fed: 0 }))).toBe(
      'Finished: no record matched, nothing was sent'
    )
    expect(backfillStatusText(backfill({ state: 'cancelled', finishedAt }))).toMatch(
      /^Cancelled .*: 120 of 500 sent · 98 delivered · 2 failed$/
    )
    expect(
      backfillStatusText(
        backfill({
          state: 'failed',
          finishedAt,
          reason: 'The webhook no longer subscribes to brand.updated.'
        })
      )
    ).toMatch(/^Failed .*: The webhook no longer subscribes to brand\.updated\. 120 of 500 sent/)
  })

  it('names the selection, the start and what a cancel drops', () => {
    expect(backfillSelectionText(backfill({ types: ['brand', 'product_group'] }))).toBe(
      'every brand, product group record'
    )
    expect(backfillSelectionText(backfill({ match: 'search', search: 'Alp' }))).toBe(
      'brand records matching “Alp”'
    )
    expect(backfillSelectionText(backfill({ match: 'conditions' }))).toBe(
      'brand records matching its conditions'
    )
    expect(backfillStartedText(backfill({ total: 1 }), 'ERP')).toBe(
      'Sending the current state of 1 record to ERP'
    )
    expect(backfillStartedText(backfill({ total: 0 }), 'ERP')).toBe(
      'No record matched: nothing to send to ERP'
    )
    expect(cancelBackfillQuestion(backfill({})).message).toMatch(
      /^380 records not sent yet will not be sent/
    )
  })
})
