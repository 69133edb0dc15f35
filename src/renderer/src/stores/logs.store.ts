import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { LogDetailDto, LogSummaryDto } from '../../../shared/dto'
import { logMatches, type LogFilter } from '../../../shared/log-filters'
import { api } from '../api'

export const LOG_PAGE_SIZE = 25
const LIVE_PAGE_LIMIT = 200

/**
 * The delivery log of one app: keyset pages walked with a cursor stack (so "newer" works
 * without offsets), filters, and rows pushed live onto the first page.
 */
export const useLogsStore = defineStore('logs', () => {
  const appId = ref<number | null>(null)
  const filter = ref<LogFilter>({})
  const items = ref<LogSummaryDto[]>([])
  const nextCursor = ref<string | null>(null)
  /** Cursors that led to the pages before the current one; empty on the first page. */
  const cursorStack = ref<Array<string | undefined>>([])
  const currentCursor = ref<string | undefined>(undefined)
  const loading = ref(false)
  const freshIds = ref(new Set<number>())
  const detail = ref<LogDetailDto | null>(null)
  const arrivedWhileLoading: LogSummaryDto[] = []
  /** Bumped for every pushed attempt, matching or not: views that track progress watch it. */
  const pushCount = ref(0)

  const onFirstPage = computed(() => currentCursor.value === undefined)
  const pageNumber = computed(() => cursorStack.value.length + 1)

  async function fetchPage(cursor: string | undefined): Promise<void> {
    if (appId.value === null) return
    loading.value = true
    try {
      const page = await api().call('logs.list', {
        appId: appId.value,
        cursor,
        limit: LOG_PAGE_SIZE,
        ...filter.value
      })
      items.value = page.items
      nextCursor.value = page.nextCursor
      currentCursor.value = cursor
    } finally {
      loading.value = false
    }
    // Rows pushed while the page was in flight may be newer than what it returned.
    const arrived = arrivedWhileLoading.splice(0)
    for (const log of arrived) receive(log)
  }

  async function open(forApp: number, initial: LogFilter = {}): Promise<void> {
    appId.value = forApp
    filter.value = { ...initial }
    cursorStack.value = []
    freshIds.value = new Set()
    await fetchPage(undefined)
  }

  async function setFilter(next: LogFilter): Promise<void> {
    filter.value = { ...next }
    cursorStack.value = []
    await fetchPage(undefined)
  }

  async function older(): Promise<void> {
    if (!nextCursor.value) return
    cursorStack.value = [...cursorStack.value, currentCursor.value]
    await fetchPage(nextCursor.value)
  }

  async function newer(): Promise<void> {
    if (cursorStack.value.length === 0) return
    const stack = [...cursorStack.value]
    const previous = stack.pop()
    cursorStack.value = stack
    await fetchPage(previous)
  }

  async function first(): Promise<void> {
    cursorStack.value = []
    await fetchPage(undefined)
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
      void fetchPage(undefined)
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

  return {
    appId,
    filter,
    items,
    nextCursor,
    loading,
    freshIds,
    pushCount,
    detail,
    onFirstPage,
    pageNumber,
    open,
    setFilter,
    older,
    newer,
    first,
    receive,
    openDetail,
    redeliver
  }
})
