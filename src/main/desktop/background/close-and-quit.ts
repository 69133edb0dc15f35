import type { DeliveryStatusDto } from '@shared/delivery-status'

/**
 * What closing the window and quitting do (pure, so every branch is tested without Electron).
 * A webhook sender that stops when its window closes cannot be trusted with a retry due in two
 * hours: the window goes, the app stays in the tray, unless there is nothing to deliver and the
 * operator chose not to keep it running.
 */

export type CloseDecision =
  /** Keep running in the tray: hide the window (prevent the close). */
  | 'hide-to-tray'
  /** Let the window close; the app quits with it (Windows, Linux) or stays in the dock (macOS). */
  | 'close'

export function decideOnWindowClose(facts: {
  /** A quit is under way (tray Quit, the menu, an update install, the OS logging out). */
  quitting: boolean
  keepDeliveringInBackground: boolean
  /** Deliveries waiting here, and whether this computer's delivery is paused. */
  status: Pick<DeliveryStatusDto, 'pending' | 'paused'> | null
}): CloseDecision {
  if (facts.quitting) return 'close'
  if (facts.keepDeliveringInBackground) return 'hide-to-tray'
  const willDeliver = facts.status !== null && facts.status.pending > 0 && !facts.status.paused
  return willDeliver ? 'hide-to-tray' : 'close'
}

/** The question quitting asks when deliveries would be left waiting; null: quit without asking. */
export interface QuitQuestion {
  message: string
  detail: string
  buttons: [keepRunning: string, quit: string, cancel: string]
}

export const QUIT_ANSWERS = ['keep-running', 'quit', 'cancel'] as const
export type QuitAnswer = (typeof QUIT_ANSWERS)[number]

export function quitQuestion(
  status: Pick<DeliveryStatusDto, 'pending' | 'nextDueAt' | 'paused'> | null,
  now: Date,
  formatTime: (at: Date) => string
): QuitQuestion | null {
  if (!status || status.pending === 0) return null
  const count = status.pending === 1 ? '1 delivery is' : `${status.pending} deliveries are`
  const due = status.nextDueAt ? new Date(status.nextDueAt) : null
  const when = status.paused
    ? 'Delivery is paused on this computer.'
    : !due || due.getTime() <= now.getTime()
      ? 'The next one is due now.'
      : `The next one is due at ${formatTime(due)} (${untilText(due.getTime() - now.getTime())}).`
  return {
    message: `${count} still waiting to be sent`,
    detail: `${when} If you quit, they wait until Indexed PIM Desktop runs again. Keep it running in the background to send them on time.`,
    buttons: ['Keep running in the background', 'Quit anyway', 'Cancel']
  }
}

function untilText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000)
  if (minutes < 60) return minutes === 1 ? 'in 1 minute' : `in ${minutes} minutes`
  const hours = Math.round(minutes / 60)
  return hours === 1 ? 'in about an hour' : `in about ${hours} hours`
}
