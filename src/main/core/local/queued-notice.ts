import type { PushEvent } from '@shared/dto'

/**
 * Tells the shells that saves queued deliveries (the tray's waiting count), at most once per
 * `delayMs`: an import of thousands of records is one notice per half second, not one per record.
 * Called once the rows exist: after a save that wrote them, and after a worker pass that wrote
 * them from a save's stored list.
 */
export function queuedNotice(push: (event: PushEvent) => void, delayMs = 500): () => void {
  let timer: NodeJS.Timeout | null = null
  return () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      push({ type: 'deliveries.queued' })
    }, delayMs)
    timer.unref?.()
  }
}
