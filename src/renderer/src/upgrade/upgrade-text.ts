import type { UpgradeProgress } from '@shared/desktop-ipc'

/** What the upgrade window shows for a progress report (null: none has arrived yet). */
export interface UpgradeView {
  /** The sentence under the title: the step in words, or why the window waits. */
  step: string
  /** The progress bar; null values make it indeterminate (waiting, or not started). */
  bar: { done: number; total: number; text: string } | null
}

export const UPGRADE_TITLE = 'Upgrading your data'
export const WAITING_TEXT = 'Waiting for another computer to finish upgrading the shared database'

export function upgradeView(progress: UpgradeProgress | null): UpgradeView {
  if (!progress) return { step: 'Getting ready…', bar: null }
  switch (progress.phase) {
    case 'waiting':
      return { step: `${WAITING_TEXT}…`, bar: null }
    case 'migrating': {
      const total = Math.max(progress.total, 1)
      const done = Math.min(Math.max(progress.done, 0), total)
      const current = Math.min(done + 1, total)
      return {
        step: `Step ${current} of ${total}: ${progress.step}`,
        bar: { done, total, text: `${done} of ${total} steps done` }
      }
    }
    case 'finished': {
      const total = Math.max(progress.total, 1)
      return {
        step: 'Done: the app opens now.',
        bar: { done: total, total, text: `${total} of ${total} steps done` }
      }
    }
  }
}
