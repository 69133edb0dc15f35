import { useConfirm } from 'primevue/useconfirm'
import type { WebhookDto } from '@shared/dto'
import { discardedOutcome, discardQuestion } from '../flow-text'
import { useWebhooksStore } from '../stores/webhooks.store'
import { useFeedback } from './use-feedback'
import { returnFocus } from './use-return-focus'

/**
 * Hold, resume and discard-held for a webhook, the same from the manager's row and the webhook's
 * page: one wording, one confirmation. `changed` gets the webhook as it is afterwards.
 */
export function useHoldActions(changed: (webhook: WebhookDto) => void = () => {}) {
  const store = useWebhooksStore()
  const feedback = useFeedback()
  const confirm = useConfirm()

  async function hold(webhook: WebhookDto): Promise<void> {
    const held = await feedback.run(
      () => store.hold(webhook.id),
      `${webhook.name} is on hold: deliveries queue until you resume it`
    )
    if (held) changed(held)
  }

  async function resume(webhook: WebhookDto): Promise<void> {
    const waiting = webhook.flow.held
    const resumed = await feedback.run(
      () => store.resume(webhook.id),
      waiting > 0
        ? `${webhook.name} resumed: ${waiting} held ${waiting === 1 ? 'delivery goes' : 'deliveries go'} out in order`
        : `${webhook.name} resumed`
    )
    if (resumed) changed(resumed)
  }

  /** Asks first, naming the count; "Cancel" has the focus, so Enter right away discards nothing. */
  function discard(webhook: WebhookDto): void {
    const opener = document.activeElement
    const question = discardQuestion(webhook.flow.held)
    confirm.require({
      ...question,
      icon: 'pi pi-exclamation-triangle',
      defaultFocus: 'reject',
      acceptProps: { label: 'Discard', severity: 'danger', 'data-test': 'confirm-discard' },
      rejectProps: { label: 'Cancel', severity: 'secondary', outlined: true },
      accept: () => {
        void (async () => {
          const done = await feedback.run(
            () => store.discardHeld(webhook.id),
            (result) => discardedOutcome(result.discarded)
          )
          if (done) changed(await store.get(webhook.id))
          await returnFocus(opener)
        })()
      }
    })
  }

  return { busy: feedback.busy, hold, resume, discard }
}
