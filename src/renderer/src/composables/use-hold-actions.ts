import { useConfirm } from 'primevue/useconfirm'
import { nextTick } from 'vue'
import type { WebhookDto } from '@shared/dto'
import { discardedOutcome, discardQuestion } from '../flow-text'
import { useWebhooksStore } from '../stores/webhooks.store'
import { useFeedback } from './use-feedback'
import { returnFocus } from './use-return-focus'

/** Hold and Resume replace each other, on a row and on the page: focus goes to the one shown. */
const counterparts: Record<string, string> = {
  'hold-webhook': 'resume-webhook',
  'resume-webhook': 'hold-webhook',
  'page-hold': 'page-resume',
  'page-resume': 'page-hold'
}

/** After Hold or Resume: the pressed button is gone, so its counterpart gets the focus. */
async function focusCounterpart(opener: Element | null): Promise<void> {
  await nextTick()
  const name = opener?.getAttribute('data-test')
  const row = opener?.closest('[data-webhook-row]')?.getAttribute('data-webhook-row')
  const target =
    name && counterparts[name]
      ? document.querySelector<HTMLElement>(
          `${row ? `[data-webhook-row="${row}"] ` : ''}[data-test=${counterparts[name]}]`
        )
      : null
  if (target) target.focus()
  else await returnFocus(opener)
}

/**
 * Hold, resume and discard-held for a webhook, the same from the manager's row and the webhook's
 * page: one wording, one confirmation. `changed` gets the webhook as it is afterwards.
 */
export function useHoldActions(changed: (webhook: WebhookDto) => void = () => {}) {
  const store = useWebhooksStore()
  const feedback = useFeedback()
  const confirm = useConfirm()

  async function hold(webhook: WebhookDto): Promise<void> {
    const opener = document.activeElement
    const held = await feedback.run(
      () => store.hold(webhook.id),
      `${webhook.name} is on hold: deliveries queue until you resume it`
    )
    if (!held) return
    changed(held)
    await focusCounterpart(opener)
  }

  async function resume(webhook: WebhookDto): Promise<void> {
    const waiting = webhook.flow.held
    const opener = document.activeElement
    const resumed = await feedback.run(
      () => store.resume(webhook.id),
      waiting > 0
        ? `${webhook.name} resumed: ${waiting} held ${waiting === 1 ? 'delivery goes' : 'deliveries go'} out in order`
        : `${webhook.name} resumed`
    )
    if (!resumed) return
    changed(resumed)
    await focusCounterpart(opener)
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
