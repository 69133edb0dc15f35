import type { DemoStatusDto } from '@shared/dto'
import { conflict } from '../support/core-error'

/**
 * What the core needs from a running demo environment (`src/main/shell-common/demo`). The core only forwards:
 * the demo lives outside it, so a normal run carries none of its code paths.
 */
export interface DemoControl {
  status(): DemoStatusDto
  setPaused(paused: boolean): DemoStatusDto
}

const NOT_A_DEMO: DemoStatusDto = {
  active: false,
  receiverPageUrl: null,
  simulator: null,
  simulatedChanges: null
}

/** Stands in when the app runs on real data: reports "no demo" and refuses demo commands. */
export const noDemo: DemoControl = {
  status: () => NOT_A_DEMO,
  setPaused: () => {
    throw conflict('this is not a demo run: there is no activity simulator to pause or resume')
  }
}
