import type { ImportJobState, ImportProgressDto, ImportRowAction } from '@shared/imports'

/** Words and numbers the import screens show (pure, so they are tested without a page). */

const count = new Intl.NumberFormat('en-GB')

export const formatCount = (value: number): string => count.format(value)

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export const ACTION_LABELS: Record<ImportRowAction, string> = {
  create: 'Create',
  update: 'Update',
  unchanged: 'Unchanged',
  refuse: 'Refused'
}

export const ACTION_SEVERITY: Record<ImportRowAction, 'success' | 'info' | 'secondary' | 'danger'> =
  {
    create: 'success',
    update: 'info',
    unchanged: 'secondary',
    refuse: 'danger'
  }

export const STATE_LABELS: Record<ImportJobState, string> = {
  running: 'Running',
  finished: 'Finished',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted',
  failed: 'Failed'
}

export const STATE_SEVERITY: Record<ImportJobState, 'info' | 'success' | 'warn' | 'danger'> = {
  running: 'info',
  finished: 'success',
  cancelled: 'warn',
  interrupted: 'warn',
  failed: 'danger'
}

/** "about 12 s left", "about 3 min left"; unknown until the core can tell. */
export function timeLeftText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'time left unknown'
  if (seconds < 1) return 'almost done'
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`
  if (seconds < 90 * 60) return `about ${Math.round(seconds / 60)} min left`
  return `about ${(seconds / 3600).toFixed(1)} h left`
}

/** "1,500 rows · 2,300 rows/s · about 4 s left" */
export function progressText(progress: ImportProgressDto): string {
  const rate = `${formatCount(Math.round(progress.rowsPerSecond))} rows/s`
  return `${formatCount(progress.rowsDone)} rows · ${rate} · ${timeLeftText(progress.secondsLeft)}`
}

/**
 * The share done, 0 to 100, from the rows done and the time the core says is left at the
 * current rate; null while it cannot tell (the bar then shows it is busy without a share).
 */
export function progressPercent(progress: ImportProgressDto): number | null {
  if (progress.state !== 'running') return 100
  if (progress.secondsLeft === null || progress.rowsPerSecond <= 0) return null
  const left = progress.rowsPerSecond * progress.secondsLeft
  const total = progress.rowsDone + left
  return total > 0 ? Math.min(99, Math.round((progress.rowsDone / total) * 100)) : null
}

/** A file problem as the operator reads it: the core's `file: ` path prefix dropped. */
export function fileProblemText(fileName: string, message: string): string {
  return `${fileName} cannot be imported: ${message.replace(/^file: /, '')}`
}
