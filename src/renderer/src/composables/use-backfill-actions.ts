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

  /** The pause or resume still being answered: a press meanwhile goes after it. */
  let inFlight: Promise<unknown> = Promise.resolve()

  /**
   * Does what the button said when it was pressed. No spinner: a loading button is disabled,
   * which would drop the keyboard focus it holds. The push saying "Paused" can come before the
   * pause's own answer, so Resume can be pressed while that answer is on its way: the press is
   * queued behind it, never dropped (it was, and Resume then did nothing).
   */
  function pauseOrResume(backfill: BackfillDto): Promise<unknown> {
    const resume = backfill.state === 'paused'
    inFlight = inFlight.then(() => {
      // A double press of the same button: the first one already did it.
      const now = store.forPage(backfill.webhookId)
      if (now?.id === backfill.id && (now.state === 'paused') === !resume) return
      return feedback.run(() => (resume ? store.resume(backfill.id) : store.pause(backfill.id)))
    })
    return inFlight
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
