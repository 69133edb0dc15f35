import type { WebhookHistoryBucket } from '@shared/dto'

/** Local "14:00" for an hour, "3 Dec" for a day (a zone may be named, for tests). */
function time(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone })
}

function day(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone })
}

/** What a bar of a webhook's history covers, in words: "14:00–15:00" or "3 Dec 15:00 – 4 Dec 15:00". */
export function bucketLabel(
  bucket: WebhookHistoryBucket,
  bucketHours: number,
  timeZone?: string
): string {
  if (bucketHours === 1) return `${time(bucket.start, timeZone)}–${time(bucket.end, timeZone)}`
  return (
    `${day(bucket.start, timeZone)} ${time(bucket.start, timeZone)} – ` +
    `${day(bucket.end, timeZone)} ${time(bucket.end, timeZone)}`
  )
}

/** The short label under a bar: its hour, or the day its 24 h end on. */
export function bucketTick(
  bucket: WebhookHistoryBucket,
  bucketHours: number,
  timeZone?: string
): string {
  return bucketHours === 1 ? time(bucket.start, timeZone) : day(bucket.end, timeZone)
}
