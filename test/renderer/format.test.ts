import { describe, expect, it } from 'vitest'
import {
  DATE_PICKER_FORMAT,
  formatChangeValue,
  formatDateTime,
  formatField,
  formatMoney,
  formatPercent,
  formatShortDateTime,
  parseDateTimeInput,
  timeZoneLabel
} from '../../src/renderer/src/format'
import { entitySpecs } from '@shared/entity-fields'

const berlin = { timeZone: 'Europe/Berlin' }

describe('date-time format', () => {
  it('reads in full with the offset from UTC', () => {
    expect(formatDateTime('2026-11-30T13:05:09Z', berlin)).toBe('30 Nov 2026, 14:05:09 UTC+1')
    // Summer time moves the offset, not the format.
    expect(formatDateTime('2026-07-01T13:05:09Z', berlin)).toBe('1 Jul 2026, 15:05:09 UTC+2')
    expect(formatDateTime('2026-07-01T00:00:00Z', { timeZone: 'UTC' })).toBe(
      '1 Jul 2026, 00:00:00 UTC'
    )
    expect(formatDateTime('2026-07-01T00:00:00Z', { timeZone: 'Asia/Kolkata' })).toBe(
      '1 Jul 2026, 05:30:00 UTC+5:30'
    )
    expect(formatDateTime('2026-07-01T00:00:00Z', { timeZone: 'America/New_York' })).toBe(
      '30 Jun 2026, 20:00:00 UTC-4'
    )
  })

  it('uses three-letter months and a 24-hour clock', () => {
    expect(formatDateTime('2026-09-05T23:59:59Z', { timeZone: 'UTC' })).toBe(
      '5 Sep 2026, 23:59:59 UTC'
    )
  })

  it('is compact in table cells, with the year only when it is not this one', () => {
    const now = new Date('2026-12-01T10:00:00Z')
    expect(formatShortDateTime('2026-11-30T13:05:09Z', { ...berlin, now })).toBe('30 Nov, 14:05:09')
    expect(formatShortDateTime('2025-11-30T13:05:09Z', { ...berlin, now })).toBe(
      '30 Nov 2025, 14:05:09'
    )
  })

  it('shows a dash for nothing and the raw text for something that is not a date', () => {
    expect(formatDateTime(null)).toBe('—')
    expect(formatShortDateTime('')).toBe('—')
    expect(formatDateTime('soon')).toBe('soon')
  })

  it('formats datetime fields in the full form and names the zone for pickers', () => {
    const validFrom = entitySpecs.pricing_rule.fields.find((field) => field.kind === 'datetime')!
    expect(formatField(validFrom, '2026-11-30T13:05:09Z')).toBe(
      formatDateTime('2026-11-30T13:05:09Z')
    )
    expect(formatField(validFrom, '2026-11-30T13:05:09Z')).toMatch(/^30 Nov 2026, \d\d:05:09 UTC/)
    expect(timeZoneLabel(new Date('2026-11-30T13:05:09Z'), 'Europe/Berlin')).toBe('UTC+1')
    // The picker's date part is the same "30 Nov 2026" (PrimeVue: d = day, M = short month name).
    expect(DATE_PICKER_FORMAT).toBe('d M yy')
  })
})

describe('typed date-time', () => {
  it('reads the display form back as local time', () => {
    const local = (...parts: [number, number, number, number, number, number]) => new Date(...parts)
    expect(parseDateTimeInput('2 Jan 2027, 09:30:15')).toEqual(local(2027, 0, 2, 9, 30, 15))
    expect(parseDateTimeInput(' 30 november 2026 14:05 ')).toEqual(local(2026, 10, 30, 14, 5, 0))
    expect(parseDateTimeInput('05 Sept 2026, 23:59:59')).toEqual(local(2026, 8, 5, 23, 59, 59))
  })

  it('refuses impossible dates and anything else instead of guessing', () => {
    for (const text of [
      '31 Feb 2027, 10:00:00',
      '1 Jan 2027, 24:00',
      '1 Foo 2027, 10:00',
      '',
      '2027-01-02'
    ])
      expect(parseDateTimeInput(text)).toBeNull()
  })
})

describe('formatPercent', () => {
  it('rounds down, so a single failure or a single success never disappears', () => {
    expect(formatPercent(2000 / 2001)).toBe('99.9 %')
    expect(formatPercent(1)).toBe('100 %')
    expect(formatPercent(0.95)).toBe('95.0 %')
    expect(formatPercent(1 / 3000)).toBe('0.1 %')
    expect(formatPercent(0)).toBe('0.0 %')
    expect(formatPercent(null)).toBe('—')
  })
})

describe('money', () => {
  const price = entitySpecs.product.fields.find((field) => field.name === 'price')!
  const total = entitySpecs.order.fields.find((field) => field.name === 'total')!
  const size = entitySpecs.file.fields.find((field) => field.name === 'size')!

  it('shows prices and totals with two decimals, other numbers as they are', () => {
    expect(formatField(price, 129.5)).toBe(formatMoney(129.5))
    expect(formatMoney(129.5)).toMatch(/^129[.,]50$/)
    expect(formatMoney(119)).toMatch(/^119[.,]00$/)
    expect(formatField(total, 0.1 + 0.2)).toMatch(/^0[.,]30$/)
    expect(formatField(size, 2048)).not.toMatch(/[.,]00$/)
    expect(formatField(price, null)).toBe('—')
  })

  it('adds the currency when the record names one, and refuses a malformed code', () => {
    expect(formatMoney(129.5, 'EUR')).toMatch(/€/)
    expect(formatMoney(129.5, 'eur')).toBe(formatMoney(129.5, 'EUR'))
    expect(formatMoney(129.5, 'CHF')).toMatch(/CHF/)
    expect(formatMoney(129.5, 'CHF')).toMatch(/129[.,]50/)
    expect(() => formatMoney(1, 'euro')).toThrow('"euro" is not an ISO 4217 currency code')
  })

  it("shows a delivered revision's changes as the record screens do", () => {
    expect(formatChangeValue('product.updated', 'price', 17.9)).toBe(formatMoney(17.9))
    expect(formatChangeValue('pricing_rule.created', 'validFrom', '2026-11-30T13:05:09Z')).toBe(
      formatDateTime('2026-11-30T13:05:09Z')
    )
    // Relations stay the id the payload carries; unknown fields and types stay as sent.
    expect(formatChangeValue('product.updated', 'brandId', 3)).toBe('3')
    expect(formatChangeValue('product.updated', 'colour', 'red')).toBe('red')
    expect(formatChangeValue('gadget.updated', 'price', 5)).toBe('5')
  })
})
