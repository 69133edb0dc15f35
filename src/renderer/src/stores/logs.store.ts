import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LogExportInput } from '@shared/api-contract'
import type { LogDetailDto, LogSummaryDto } from '@shared/dto'
import type { LogExportOutcome } from '@shared/log-export'
import { logMatches, type LogFilter } from '@shared/log-filters'
import { api, type LogExportRun } from '../api'
import { useKeysetPager } from './keyset-pager'

export const LOG_PAGE_SIZE = 25
const LIVE_PAGE_LIMIT = 200

/**
 * The delivery log of one app by attempt: keyset pages, filters, and rows pushed live onto the
 * first page.
 */
export const useLogsStore = defineStore('logs', () => {
  const appId = ref<number | null>(null)
  const filter = ref<LogFilter>({})
  const freshIds = ref(new Set<number>())
  const detail = ref<LogDetailDto | null>(null)
  const arrivedWhileLoading: LogSummaryDto[] = []
  /** Bumped for every pushed attempt, matching or not: views that track progress watch it. */
  const pushCount = ref(0)

  const pager = useKeysetPager<LogSummaryDto>(
    (cursor) =>
      api().call('logs.list', {
        appId: appId.value!,
        cursor,
        limit: LOG_PAGE_SIZE,
        ...filter.value
      }),
    // Rows pushed while the page was in flight may be newer than what it returned.
    () => {
      for (const log of arrivedWhileLoading.splice(0)) receive(log)
    }
  )
  const { items, loading, onFirstPage } = pager

  async function open(forApp: number, initial: LogFilter = {}): Promise<void> {
    appId.value = forApp
    filter.value = { ...initial }
    freshIds.value = new Set()
    await pager.first()
  }

  async function setFilter(next: LogFilter): Promise<void> {
    filter.value = { ...next }
    await pager.first()
  }

  /**
   * A pushed row joins the first page when it matches the filters; other pages stay put. The
   * page grows rather than dropping its oldest row, so "older" (whose cursor was issued for the
   * page as loaded) never skips a row; past a bound the page is simply reloaded.
   */
  function receive(log: LogSummaryDto): void {
    pushCount.value += 1
    if (loading.value) {
      arrivedWhileLoading.push(log)
      return
    }
    if (appId.value === null || !onFirstPage.value) return
    if (!logMatches(log, appId.value, filter.value)) return
    if (items.value.some((item) => item.id === log.id)) return
    if (items.value.length >= LIVE_PAGE_LIMIT) {
      void pager.first()
      return
    }
    items.value = [log, ...items.value].sort((a, b) => b.id - a.id)
    freshIds.value = new Set([...freshIds.value, log.id])
  }

  async function openDetail(id: number): Promise<void> {
    detail.value = await api().call('logs.get', { id })
  }

  async function redeliver(id: number): Promise<LogDetailDto> {
    const result = await api().call('logs.redeliver', { id })
    detail.value = result
    return result
  }

  /**
   * Whether an export's rows go straight into a file as they arrive (false: a browser without a
   * file picker keeps them in memory until the end). Fixed for the life of the page.
   */
  function exportStreamsToFile(): boolean {
    return api().logExport.streamsToFile
  }

  /** Writes what `input` selects into a file, however the shell does it (see LogExporter). */
  function exportToFile(input: LogExportInput, run: LogExportRun): Promise<LogExportOutcome> {
    return api().logExport.run(input, run)
  }

  return {
    appId,
    filter,
    freshIds,
    pushCount,
    detail,
    ...pager,
    open,
    setFilter,
    receive,
    openDetail,
    redeliver,
    exportStreamsToFile,
    exportToFile
  }
})
