/**
 * The desktop's automatic updates (`updates.status`, `updates.check`, `updates.restartNow`),
 * shown in Settings. Other shells answer `unsupported`.
 */
export const updateStates = [
  /** Not this shell (browser, worker) or not a packaged desktop app. */
  'unsupported',
  /** The operator turned updates off (`preferences.autoUpdate`). */
  'disabled',
  'idle',
  'checking',
  'up-to-date',
  'downloading',
  /** Downloaded and verified: installs on quit, or now with `updates.restartNow`. */
  'ready',
  /** The last check or download failed; the app carries on and checks again later. */
  'error'
] as const
export type UpdateState = (typeof updateStates)[number]

export interface UpdateStatusDto {
  state: UpdateState
  currentVersion: string
  /** The version found on the update feed, when newer than this one. */
  availableVersion: string | null
  /** While downloading: 0–100. */
  percent: number | null
  /** When the feed was last asked (ISO), whatever the answer. */
  checkedAt: string | null
  /** What went wrong, in words for Settings (never a URL with credentials). */
  error: string | null
}
