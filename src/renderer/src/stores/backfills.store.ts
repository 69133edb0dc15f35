import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type { BackfillDto } from '@shared/backfill'
import { api } from '../api'
import { isOpen } from '../backfill-text'

/**
 * "Send current state…": the newest backfill of each webhook, kept up to date by the
 * `backfill.progress` pushes (App.vue hands them here) and by the answers to the operator's own
 * actions. The manager's rows and the webhook's page read it.
 */
export const useBackfillsStore = defineStore('backfills', () => {
  /** The newest backfill seen per webhook id. */
  const latest = ref<Record<number, BackfillDto>>({})
  /**
   * Backfills that ended while this window watched them: a row shows their result until put
   * away, while one that ended before (a reload) is only on the webhook's page.
   */
  const endedHere = ref<number[]>([])
  /** Ended backfills whose result the operator put away. */
  const dismissed = ref<number[]>([])

  /**
   * Takes a backfill as the newest news of its webhook. Answers and pushes can cross: a push
   * reads the stored counts (the feeder's throttle) and an answer the exact ones, so within one
   * backfill the counts never go back, an older reading never replaces a newer one, and an ended
   * backfill never opens again.
   */
  function keep(next: BackfillDto): BackfillDto {
    const current = latest.value[next.webhookId]
    if (current && current.id > next.id) return current
    let kept = next
    if (current && current.id === next.id) {
      if (!isOpen(current) && isOpen(next)) return current
      if (
        Date.parse(next.updatedAt) < Date.parse(current.updatedAt) &&
        isOpen(next) === isOpen(current)
      )
        return current
      kept = {
        ...next,
        fed: Math.max(current.fed, next.fed),
        delivered: Math.max(current.delivered, next.delivered),
        failed: Math.max(current.failed, next.failed)
      }
      if (isOpen(current) && !isOpen(kept) && !endedHere.value.includes(kept.id))
        endedHere.value = [...endedHere.value, kept.id]
    }
    latest.value = { ...latest.value, [kept.webhookId]: kept }
    return kept
  }

  /** The newest backfill of every webhook (no id) or of one. */
  async function load(webhookId?: number): Promise<void> {
    const list = await api().call('backfills.list', webhookId === undefined ? {} : { webhookId })
    // Newest first: the first of each webhook is the one to keep.
    const seen = new Set<number>()
    for (const backfill of list) {
      if (seen.has(backfill.webhookId)) continue
      seen.add(backfill.webhookId)
      keep(backfill)
    }
  }

  let rowsLoad: Promise<void> | null = null
  /**
   * The newest backfill of every webhook, for the manager's rows: one request for the rows that
   * mount together (each asks), a fresh one when the table is shown again.
   */
  function loadForRows(): Promise<void> {
    rowsLoad ??= load().finally(() => setTimeout(() => (rowsLoad = null)))
    return rowsLoad
  }

  /** A `backfill.progress` push. */
  function receive(backfill: BackfillDto): void {
    keep(backfill)
  }

  async function start(input: ApiInput<'backfills.start'>): Promise<BackfillDto> {
    return keep(await api().call('backfills.start', input))
  }

  async function pause(id: number): Promise<BackfillDto> {
    return keep(await api().call('backfills.pause', { id }))
  }

  async function resume(id: number): Promise<BackfillDto> {
    return keep(await api().call('backfills.resume', { id }))
  }

  async function cancel(id: number): Promise<BackfillDto> {
    return keep(await api().call('backfills.cancel', { id }))
  }

  /** The backfill a manager row shows: open, or ended while watched and not put away. */
  function forRow(webhookId: number): BackfillDto | null {
    const backfill = latest.value[webhookId]
    if (!backfill) return null
    if (isOpen(backfill)) return backfill
    return endedHere.value.includes(backfill.id) && !dismissed.value.includes(backfill.id)
      ? backfill
      : null
  }

  /** The backfill the webhook's page shows: the newest, unless its result was put away. */
  function forPage(webhookId: number): BackfillDto | null {
    const backfill = latest.value[webhookId]
    if (!backfill) return null
    return isOpen(backfill) || !dismissed.value.includes(backfill.id) ? backfill : null
  }

  function dismiss(id: number): void {
    if (!dismissed.value.includes(id)) dismissed.value = [...dismissed.value, id]
  }

  return {
    latest,
    load,
    loadForRows,
    receive,
    start,
    pause,
    resume,
    cancel,
    forRow,
    forPage,
    dismiss
  }
})
