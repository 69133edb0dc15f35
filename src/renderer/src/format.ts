import { entitySpecs, type FieldSpec } from '@shared/entity-fields'

/** Display helpers shared by the views. */

/**
 * One date-time format everywhere: "30 Nov 2026, 14:05:09 UTC+1" where a moment is read in full
 * (detail views, tooltips), "30 Nov, 14:05:09" in table cells. Built from parts instead of the
 * system locale so lists, drawers and pickers agree, and so the offset reads "UTC+1" rather than
 * "GMT+1", "CET" or nothing depending on the machine.
 */
export interface DateFormatOptions {
  /** IANA zone; defaults to the machine's (tests pin it). */
  timeZone?: string
  /** "Now", for deciding whether the compact form can leave the year out. */
  now?: Date
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>()

function partsFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let formatter = partsFormatters.get(key)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset'
    })
    partsFormatters.set(key, formatter)
  }
  return formatter
}

interface DateParts {
  day: string
  month: string
  year: string
  time: string
  zone: string
}

function partsOf(date: Date, timeZone: string | undefined): DateParts {
  const parts: Record<string, string> = {}
  for (const part of partsFormatter(timeZone).formatToParts(date)) parts[part.type] = part.value
  return {
    day: parts.day,
    // en-GB abbreviates September as "Sept"; every other month has three letters.
    month: parts.month.slice(0, 3),
    year: parts.year,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
    zone: zoneLabel(parts.timeZoneName ?? '')
  }
}

/** "GMT+01:00" → "UTC+1", "GMT+05:30" → "UTC+5:30", "GMT" → "UTC". */
function zoneLabel(offset: string): string {
  const match = /([+-])(\d{2}):(\d{2})/.exec(offset)
  if (!match) return 'UTC'
  const [, sign, hours, minutes] = match
  if (hours === '00' && minutes === '00') return 'UTC'
  return `UTC${sign}${Number(hours)}${minutes === '00' ? '' : `:${minutes}`}`
}

function parse(iso: string | null | undefined): Date | null | string {
  if (!iso) return null
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : date
}

/** Full form with the time zone, for places where a moment is read on its own. */
export function formatDateTime(
  iso: string | null | undefined,
  options: DateFormatOptions = {}
): string {
  const date = parse(iso)
  if (date === null) return '—'
  if (typeof date === 'string') return date
  const { day, month, year, time, zone } = partsOf(date, options.timeZone)
  return `${day} ${month} ${year}, ${time} ${zone}`
}

/** Compact form for table cells (the year only when it is not this one); pair with the full one as tooltip. */
export function formatShortDateTime(
  iso: string | null | undefined,
  options: DateFormatOptions = {}
): string {
  const date = parse(iso)
  if (date === null) return '—'
  if (typeof date === 'string') return date
  const { day, month, year, time } = partsOf(date, options.timeZone)
  const thisYear = partsOf(options.now ?? new Date(), options.timeZone).year
  return year === thisYear ? `${day} ${month}, ${time}` : `${day} ${month} ${year}, ${time}`
}

/**
 * The compact form for a table cell, with no-break spaces inside its date and its time: a narrow
 * column breaks between the two ("30 Nov," / "14:05:09"), never inside either.
 */
export function formatTableDateTime(iso: string | null | undefined): string {
  return formatShortDateTime(iso)
    .split(', ')
    .map((part) => part.replace(/ /g, '\u00a0'))
    .join(', ')
}

/** The zone a date picker's local times are in ("UTC+1"), shown next to the picker. */
export function timeZoneLabel(at: Date = new Date(), timeZone?: string): string {
  return partsOf(at, timeZone).zone
}

/** PrimeVue DatePicker `date-format` giving the date part of the same form ("30 Nov 2026"). */
export const DATE_PICKER_FORMAT = 'd M yy'
/**
 * The same with `show-time`: the picker appends " 14:05:09" itself, so the comma completes
 * "30 Nov 2026, 14:05:09" (show the zone next to it, see timeZoneLabel).
 */
export const DATETIME_PICKER_DATE_FORMAT = `${DATE_PICKER_FORMAT},`

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Reads a local date-time typed in the display form ("30 Nov 2026, 14:05:09"; the comma and the
 * seconds may be left out, the month may be spelled out). Null for anything else, including
 * impossible dates such as 31 Feb, rather than rolling them over into the next month.
 */
export function parseDateTimeInput(text: string): Date | null {
  const match =
    /^\s*(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$/i.exec(
      text
    )
  if (!match) return null
  const [day, year, hour, minute, second] = [1, 3, 4, 5, 6].map((at) => Number(match[at] ?? 0))
  const month = MONTHS.indexOf(match[2].toLowerCase())
  if (month < 0) return null
  const date = new Date(year, month, day, hour, minute, second)
  const exact =
    date.getFullYear() === year &&
    date.getMonth() === month &&
    date.getDate() === day &&
    date.getHours() === hour &&
    date.getMinutes() === minute &&
    date.getSeconds() === second
  return exact ? date : null
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—'
  if (ratio === 1) return '100 %'
  // Rounded down: 2000 of 2001 is 99.9 %, never a "100.0 %" that hides a failure (nor 0.0 % a success).
  const tenths = Math.floor(ratio * 1000 + 1e-9)
  return `${((ratio > 0 && tenths === 0 ? 1 : tenths) / 10).toFixed(1)} %`
}

/** Pretty JSON for people; falls back to the raw text when it is not JSON. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  return String(value)
}

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 })
const cents = new Intl.NumberFormat(undefined, {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2
})
const currencyFormats = new Map<string, Intl.NumberFormat>()

/**
 * An amount of money: always two decimals ("129.50", not "129.5"), and with its currency when
 * the record names its ISO 4217 code ("€129.50", "CHF 129.50"). A malformed code is refused with
 * an error that names it, rather than printed as if it were a currency.
 */
export function formatMoney(amount: number, currency?: string | null): string {
  if (!currency) return cents.format(amount)
  const code = currency.toUpperCase()
  if (!/^[A-Z]{3}$/.test(code)) throw new Error(`"${currency}" is not an ISO 4217 currency code`)
  let formatter = currencyFormats.get(code)
  if (!formatter) {
    formatter = new Intl.NumberFormat(undefined, { style: 'currency', currency: code })
    currencyFormats.set(code, formatter)
  }
  return formatter.format(amount)
}

/**
 * A record field for display: money with two decimals, other numbers rounded for people,
 * instants in the full date form.
 */
export function formatField(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (field.money && typeof value === 'number') return formatMoney(value)
  if ((field.kind === 'number' || field.kind === 'integer') && typeof value === 'number')
    return decimal.format(value)
  if (field.kind === 'datetime' && typeof value === 'string') return formatDateTime(value)
  return formatValue(value)
}

/**
 * A changed value of a delivered revision ("product.updated", field "price") as the record
 * screens show it: money with two decimals, instants in the full date form. Relations and fields
 * of an unknown type stay as sent (an id, a string).
 */
export function formatChangeValue(event: string, fieldName: string, value: unknown): string {
  const spec = (entitySpecs as Record<string, { fields: readonly FieldSpec[] } | undefined>)[
    event.split('.')[0]
  ]
  const field = spec?.fields.find((candidate) => candidate.name === fieldName)
  return field && field.kind !== 'relation' ? formatField(field, value) : formatValue(value)
}
