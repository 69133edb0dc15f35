import type { ReplayProgress } from '@shared/dto'
import { formatDateTime } from './format'

/**
 * A replay's progress in words. It names every delivery's standing (delivered, failed after
 * every retry, waiting for a retry and until when, not sent yet) and says "Finished" only once
 * none can change, so a stale "waiting for a retry" is never shown as the outcome.
 */
export function replayProgressText(progress: ReplayProgress): string {
  const { succeeded, failed, retrying, pending, total } = progress
  const ended = `${succeeded} delivered, ${failed} failed after every retry`
  if (progress.finished) return `Finished: ${ended}`
  const parts = [`${succeeded} delivered`, `${failed} failed after every retry`]
  if (retrying > 0)
    parts.push(
      `${retrying} waiting for a retry` +
        (progress.nextRetryAt ? ` (next at ${formatDateTime(progress.nextRetryAt)})` : '')
    )
  if (pending > 0) parts.push(`${pending} not sent yet`)
  const counts = `${parts.join(' · ')} — of ${total}`
  return progress.webhookActive
    ? `Running: ${counts}`
    : `Paused, the webhook is turned off: ${counts}. Its deliveries wait until it is turned on.`
}
