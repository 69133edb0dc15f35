import { isSuccessStatus } from '@shared/http-status'
import { useLogsStore } from '../stores/logs.store'
import { useFeedback } from './use-feedback'

/**
 * "Redeliver now" from the detail drawer, in the log and on a webhook's page: resends the attempt
 * shown and says what the receiver answered (a warning when it refused it again).
 */
export function useRedeliver() {
  const logs = useLogsStore()
  const feedback = useFeedback()

  async function redeliver(): Promise<void> {
    const shown = logs.detail
    if (!shown) return
    await feedback.run(
      () => logs.redeliver(shown.id),
      (result) => {
        const answer = result.responseStatus ? `HTTP ${result.responseStatus}` : result.errorClass
        return isSuccessStatus(result.responseStatus)
          ? `Redelivered: ${answer}`
          : { severity: 'warn', summary: `Redelivered, but the receiver answered ${answer}` }
      }
    )
  }

  return { busy: feedback.busy, redeliver }
}
