import type { DeliveryStatusDto } from '@shared/delivery-status'
import type { UpdateStatusDto } from '@shared/updates'

/** Words for Settings' "On this computer": the delivery line and the updater's state. */

export interface ClockOptions {
  now?: Date
  /** IANA zone; the machine's by default (tests pin it). */
  timeZone?: string
}

/** "14:05" today, "6 Dec, 14:05" another day, "now" when already due. */
export function dueText(iso: string, { now = new Date(), timeZone }: ClockOptions = {}): string {
  const due = new Date(iso)
  if (due.getTime() <= now.getTime()) return 'now'
  const day = (date: Date) =>
    new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'short' }).format(date)
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23'
  }).format(due)
  if (day(due) === day(now)) return time
  const date = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' })
  return `${date.format(due)}, ${time}`
}

/** "Delivering · 12 waiting, next due 14:05", "Paused · 12 waiting", "Delivering · nothing waiting". */
export function deliveryStatusText(status: DeliveryStatusDto, clock: ClockOptions = {}): string {
  const head = status.paused ? 'Paused' : 'Delivering'
  if (status.pending === 0) return `${head} · nothing waiting`
  const waiting = `${status.pending.toLocaleString('en-GB')} waiting`
  if (status.paused || !status.nextDueAt) return `${head} · ${waiting}`
  return `${head} · ${waiting}, next due ${dueText(status.nextDueAt, clock)}`
}

/** What the delivery line adds about webhooks that need a look, or null when none does. */
export function deliveryConcernText(status: DeliveryStatusDto): string | null {
  const parts: string[] = []
  if (status.failingWebhooks > 0)
    parts.push(
      `${status.failingWebhooks} failing webhook${status.failingWebhooks === 1 ? '' : 's'}`
    )
  if (status.heldWebhooks > 0)
    parts.push(`${status.heldWebhooks} webhook${status.heldWebhooks === 1 ? '' : 's'} on hold`)
  return parts.length ? parts.join(', ') : null
}

/** The updater's state in one sentence (the error's own words when it failed). */
export function updateStatusText(status: UpdateStatusDto): string {
  const available = status.availableVersion ? ` ${status.availableVersion}` : ''
  switch (status.state) {
    case 'unsupported':
      return 'This copy of the app does not update itself.'
    case 'disabled':
      return 'Automatic updates are off.'
    case 'idle':
      return 'Updates are checked regularly.'
    case 'checking':
      return 'Checking for updates…'
    case 'up-to-date':
      return 'Up to date.'
    case 'downloading':
      return `Downloading version${available}… ${Math.round(status.percent ?? 0)}%`
    case 'ready':
      return `Version${available} is ready: it installs when the app restarts.`
    case 'error':
      return status.error ?? 'The last update check failed.'
  }
}
