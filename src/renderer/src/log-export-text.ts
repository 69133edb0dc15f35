import type { LogExportInput } from '@shared/api-contract'
import { formatDateTime } from './format'

/** What an export of the delivery log selects, without its format: the log view's filters. */
export type LogExportSelection = Omit<LogExportInput, 'format'>

// Worded like the filter bar's options, as a sentence reads them.
const STATUS_TEXT: Record<NonNullable<LogExportSelection['status']>, string> = {
  success: 'succeeded (2xx)',
  failure: 'failed (not 2xx)',
  '2xx': '2xx',
  '3xx': '3xx redirects',
  '4xx': '4xx client errors',
  '5xx': '5xx server errors',
  network: 'network errors'
}

/** The filters and search an export applies, one phrase each, for the dialog to list. */
export function describeSelection(
  selection: LogExportSelection,
  webhookName: (id: number) => string | undefined
): string[] {
  const parts: string[] = []
  if (selection.status) parts.push(`Status: ${STATUS_TEXT[selection.status]}`)
  if (selection.event) parts.push(`Event: ${selection.event}`)
  if (selection.webhookId)
    parts.push(`Webhook: ${webhookName(selection.webhookId) ?? `#${selection.webhookId}`}`)
  if (selection.text) parts.push(`Body text contains “${selection.text}”`)
  if (selection.messageId) parts.push(`webhook-id is ${selection.messageId}`)
  if (selection.record) parts.push(`Record ${selection.record}`)
  if (selection.from) parts.push(`From ${formatDateTime(selection.from)}`)
  if (selection.to) parts.push(`Before ${formatDateTime(selection.to)}`)
  return parts
}

const NUMBER = new Intl.NumberFormat('en-GB')

export function attemptsText(count: number): string {
  return `${NUMBER.format(count)} ${count === 1 ? 'attempt' : 'attempts'}`
}

/** Percent written when the total is known (capped: rows may arrive while it runs), else null. */
export function exportPercent(rows: number, total: number | null): number | null {
  if (total === null) return null
  if (total === 0) return 100
  return Math.min(100, Math.floor((rows / total) * 100))
}

/** "1,250 attempts written (45 %)", or without the percent when the total is unknown. */
export function progressText(rows: number, total: number | null): string {
  const percent = exportPercent(rows, total)
  return `${attemptsText(rows)} written${percent === null ? '' : ` (${percent} %)`}`
}
