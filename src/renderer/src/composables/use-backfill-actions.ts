import { useConfirm } from 'primevue/useconfirm'
import type { BackfillDto } from '@shared/backfill'
import { cancelBackfillQuestion } from '../backfill-text'
import { useBackfillsStore } from '../stores/backfills.store'
import { useFeedback } from './use-feedback'
import { returnFocus } from './use-return-focus'

/**
 * Pause, resume and the confirmed cancel of a backfill, the same from a manager row and the
 * webhook's page (BackfillProgress moves the focus once the buttons are gone).
 */
export function useBackfillActions() {
  const store = useBackfillsStore()
  const feedback = useFeedback()
  const confirm = useConfirm()

  /** No spinner: a loading button is disabled, which would drop the keyboard focus it holds. */
  async function pauseOrResume(backfill: BackfillDto): Promise<void> {
    if (feedback.busy.value) return
    await feedback.run(() =>
      backfill.state === 'paused' ? store.resume(backfill.id) : store.pause(backfill.id)
    )
  }

  /**
   * Asks first; "Keep sending" has the focus, so Enter right away cancels nothing. `cancelled`
   * runs once it went through: the pressed button is gone, the caller focuses what replaced it.
   */
  function cancel(backfill: BackfillDto, cancelled: () => void | Promise<void> = () => {}): void {
    const opener = document.activeElement
    confirm.require({
      ...cancelBackfillQuestion(backfill),
      icon: 'pi pi-exclamation-triangle',
      defaultFocus: 'reject',
      acceptProps: {
        label: 'Cancel sending',
        severity: 'danger',
        'data-test': 'confirm-cancel-backfill'
      },
      rejectProps: { label: 'Keep sending', severity: 'secondary', outlined: true },
      accept: () => {
        void (async () => {
          const done = await feedback.run(() => store.cancel(backfill.id), 'Backfill cancelled')
          if (done) await cancelled()
          await returnFocus(opener)
        })()
      }
    })
  }

  return { busy: feedback.busy, pauseOrResume, cancel }
}
