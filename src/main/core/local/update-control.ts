import type { UpdateStatusDto } from '@shared/updates'
import { conflict } from '../support/core-error'

/**
 * What the core needs from a shell's updater (the desktop's, in src/main/desktop/updater). The
 * core only forwards the API calls: a shell without updates passes none and answers
 * `unsupported`.
 */
export interface UpdateControl {
  status(): UpdateStatusDto
  check(): Promise<UpdateStatusDto>
  /** Quits and installs a downloaded update; refuses (conflict) when none is ready. */
  restartNow(): Promise<UpdateStatusDto>
}

export function noUpdates(currentVersion: string): UpdateControl {
  const status: UpdateStatusDto = {
    state: 'unsupported',
    currentVersion,
    availableVersion: null,
    percent: null,
    checkedAt: null,
    error: null
  }
  return {
    status: () => status,
    check: async () => status,
    restartNow: async () => {
      throw conflict('this app does not update itself: updates come with the desktop app')
    }
  }
}
