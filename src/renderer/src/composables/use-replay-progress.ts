import { computed, onBeforeUnmount, ref, watch } from 'vue'
import type { ReplayProgress, ReplayStarted } from '@shared/dto'
import { replayProgressText } from '../replay-progress-text'
import { useLogsStore } from '../stores/logs.store'
import { useWebhooksStore } from '../stores/webhooks.store'
import { errorMessage } from './use-feedback'

/**
 * A started replay's progress, followed to its end. Every attempt the core pushes asks for fresh
 * counts (coalesced), and a push that lands during a fetch asks again. Until every delivery has
 * ended it also looks again when the next retry is due (at least once a minute): pushes alone
 * stopped once nothing was pending, and "waiting for a retry" stayed on screen after every retry
 * had failed.
 */
export function useReplayProgress() {
  const logs = useLogsStore()
  const webhooks = useWebhooksStore()
  const progress = ref<ReplayProgress | null>(null)
  const error = ref<string | null>(null)
  let scheduled: ReturnType<typeof setTimeout> | null = null
  let retryCheck: ReturnType<typeof setTimeout> | null = null

  /** The share of the batch that has ended; one waiting for a retry has not. */
  const percent = computed(() => {
    const batch = progress.value
    if (!batch || batch.total === 0) return 0
    return Math.round(((batch.succeeded + batch.failed) / batch.total) * 100)
  })
  const text = computed(() => (progress.value ? replayProgressText(progress.value) : ''))

  async function follow(started: ReplayStarted): Promise<void> {
    progress.value = {
      batchId: started.batchId,
      total: started.queued,
      succeeded: 0,
      failed: 0,
      retrying: 0,
      pending: started.queued,
      nextRetryAt: null,
      finished: started.queued === 0,
      webhookActive: true
    }
    await refresh()
  }

  async function refresh(): Promise<void> {
    const batch = progress.value
    if (!batch || batch.finished) return
    const seen = logs.pushCount
    try {
      progress.value = await webhooks.replayProgress(batch.batchId)
      error.value = null
    } catch (failure) {
      error.value = `Progress is unknown: ${errorMessage(failure)}`
    }
    if (logs.pushCount !== seen) scheduleRefresh()
    planRetryCheck()
  }

  function scheduleRefresh(): void {
    if (!progress.value || progress.value.finished || scheduled) return
    scheduled = setTimeout(() => {
      scheduled = null
      void refresh()
    }, 150)
  }

  function planRetryCheck(): void {
    if (retryCheck) clearTimeout(retryCheck)
    retryCheck = null
    const batch = progress.value
    if (!batch || batch.finished) return
    const due = batch.nextRetryAt ? Date.parse(batch.nextRetryAt) - Date.now() + 1_000 : 60_000
    retryCheck = setTimeout(() => void refresh(), Math.min(Math.max(due, 1_000), 60_000))
  }

  watch(() => logs.pushCount, scheduleRefresh)
  onBeforeUnmount(() => {
    if (scheduled) clearTimeout(scheduled)
    if (retryCheck) clearTimeout(retryCheck)
  })

  return { progress, percent, text, error, follow }
}
