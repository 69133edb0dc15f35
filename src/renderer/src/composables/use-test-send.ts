import { ref } from 'vue'
import type { WebhookDto } from '@shared/dto'
import { formatMs } from '../format'
import { useWebhooksStore } from '../stores/webhooks.store'
import { useFeedback } from './use-feedback'

/**
 * "Send test event" from a webhook's row or its page: one wording of the outcome toast, and which
 * webhook is being tried (for the button's spinner).
 */
export function useTestSend() {
  const store = useWebhooksStore()
  const feedback = useFeedback()
  const sendingId = ref<number | null>(null)

  async function send(webhook: WebhookDto): Promise<void> {
    sendingId.value = webhook.id
    try {
      await feedback.run(
        () => store.sendTest(webhook.id),
        ({ ok, log }) =>
          ok
            ? `Test event delivered to ${webhook.name}: HTTP ${log.responseStatus} in ${formatMs(log.responseTimeMs)}`
            : {
                severity: 'error',
                summary: `Test event to ${webhook.name} failed: ${log.responseStatus ? `HTTP ${log.responseStatus}` : (log.errorClass ?? 'error').replace(/_/g, ' ')}`
              }
      )
    } finally {
      sendingId.value = null
    }
  }

  return { send, sendingId }
}
