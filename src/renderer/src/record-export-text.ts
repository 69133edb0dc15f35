import type { RecordExportProgress } from '@shared/record-export'

const NUMBER = new Intl.NumberFormat('en-GB')

export function recordsText(count: number): string {
  return `${NUMBER.format(count)} ${count === 1 ? 'record' : 'records'}`
}

/** "1,234 records matching “acme”", or "all 1,234 records" without a search. */
export function selectionText(total: number, search: string): string {
  return search ? `${recordsText(total)} matching “${search}”` : `all ${recordsText(total)}`
}

/** "1.4 MB", "820 kB", "12 bytes". */
export function bytesText(bytes: number): string {
  if (bytes < 1000) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`
  if (bytes < 1_000_000) return `${NUMBER.format(Math.round(bytes / 1000))} kB`
  return `${(bytes / 1_000_000).toFixed(1)} MB`
}

/** Percent of the records written, when they are counted and the total is known. */
export function recordExportPercent(rows: number | null, total: number | null): number | null {
  if (rows === null || total === null) return null
  if (total === 0) return 100
  return Math.min(100, Math.floor((rows / total) * 100))
}

/** "250 of 1,234 records written (20 %)", or the bytes where records are not counted (XLSX). */
export function recordProgressText(progress: RecordExportProgress, total: number | null): string {
  const percent = recordExportPercent(progress.rows, total)
  if (progress.rows === null)
    return `${bytesText(progress.bytes)} written${total === null ? '' : ` of ${recordsText(total)}`}`
  const of =
    total === null
      ? recordsText(progress.rows)
      : `${NUMBER.format(progress.rows)} of ${recordsText(total)}`
  return `${of} written${percent === null ? '' : ` (${percent} %)`}`
}
