import type { UpdateState, UpdateStatusDto } from '@shared/updates'

/**
 * The desktop updater's state machine, pure: what Settings shows after each thing the updater
 * (electron-updater) or the operator does. desktop-updater.ts feeds it; test/unit covers it.
 */
export type UpdateEvent =
  /** The operator turned updates off (`preferences.autoUpdate: false`). */
  | { type: 'disabled' }
  | { type: 'enabled' }
  /** No feed for this run (not packaged, no dev feed), or the updater is inactive here. */
  | { type: 'unsupported' }
  | { type: 'checking'; at: Date }
  | { type: 'available'; version: string }
  | { type: 'not-available' }
  | { type: 'progress'; percent: number }
  /** Downloaded and its sha512 (and, per OS, its signature) verified. */
  | { type: 'downloaded'; version: string }
  /** Already worded for Settings (update-errors.ts). */
  | { type: 'failed'; error: string }

export function initialUpdateStatus(
  currentVersion: string,
  state: UpdateState = 'idle'
): UpdateStatusDto {
  return {
    state,
    currentVersion,
    availableVersion: null,
    percent: null,
    checkedAt: null,
    error: null
  }
}

/** States in which a late event of electron-updater changes nothing Settings shows. */
const settled: readonly UpdateState[] = ['disabled', 'unsupported']

export function nextUpdateStatus(status: UpdateStatusDto, event: UpdateEvent): UpdateStatusDto {
  switch (event.type) {
    case 'unsupported':
      return { ...initialUpdateStatus(status.currentVersion, 'unsupported') }
    case 'disabled':
      if (status.state === 'unsupported') return status
      return { ...status, state: 'disabled', percent: null, error: null }
    case 'enabled':
      if (status.state !== 'disabled') return status
      return { ...status, state: 'idle' }
  }
  // A download still running when the operator turned updates off ends unnoticed: it is not
  // installed (desktop-updater.ts turns install-on-quit off with the preference).
  if (settled.includes(status.state)) return status
  switch (event.type) {
    case 'checking':
      return { ...status, state: 'checking', checkedAt: event.at.toISOString(), error: null }
    case 'available':
      return { ...status, state: 'downloading', availableVersion: event.version, percent: 0 }
    case 'not-available':
      return { ...status, state: 'up-to-date', availableVersion: null, percent: null }
    case 'progress':
      if (status.state !== 'downloading') return status
      return { ...status, percent: Math.max(0, Math.min(100, Math.floor(event.percent))) }
    case 'downloaded':
      return { ...status, state: 'ready', availableVersion: event.version, percent: 100 }
    case 'failed':
      return { ...status, state: 'error', percent: null, error: event.error }
  }
}

/**
 * Whether asking the feed now makes sense: not while a check or download runs (electron-updater
 * would only join it), and not once an update is ready — it installs on the next quit, and the new
 * version checks for anything newer after it starts.
 */
export function mayCheck(status: UpdateStatusDto): boolean {
  return ['idle', 'up-to-date', 'error'].includes(status.state)
}
