import type { FieldSpec } from '../../shared/entity-fields'

/** Display helpers shared by the views. */

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit'
})

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}

const shortThisYear = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit'
})

/** Compact form for table cells (the year only when it is not this one). */
export function formatShortDateTime(iso: string | null | undefined): string {
  if (!iso) return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.getFullYear() === new Date().getFullYear()
    ? shortThisYear.format(date)
    : dateTime.format(date)
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—'
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined) return '—'
  return `${(ratio * 100).toFixed(ratio === 1 ? 0 : 1)} %`
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

/** A record field for display: numbers rounded for people, instants in local time. */
export function formatField(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if ((field.kind === 'number' || field.kind === 'integer') && typeof value === 'number')
    return decimal.format(value)
  if (field.kind === 'datetime' && typeof value === 'string') return formatDateTime(value)
  return formatValue(value)
}
