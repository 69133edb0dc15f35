import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LogSummaryDto, MessageSummaryDto } from '@shared/dto'
import type { MessageFilter } from '@shared/log-filters'
import { api } from '../api'
import { useKeysetPager } from './keyset-pager'

export const MESSAGE_PAGE_SIZE = 25
/** Pushed attempts arrive in bursts; one reload per burst is enough. */
const PUSH_COALESCE_MS = 300

/**
 * The delivery log by message: one row per delivery with its latest attempt, and the attempts of
 * the messages an operator expanded. Pushed attempts refresh what they touch.
 */
export const useMessagesStore = defineStore('messages', () => {
  const appId = ref<number | null>(null)
  const filter = ref<MessageFilter>({})
  const attempts = ref(new Map<number, LogSummaryDto[]>())
  const pager = useKeysetPager<MessageSummaryDto>((cursor) =>
    api().call('logs.messages', {
      appId: appId.value!,
      cursor,
      limit: MESSAGE_PAGE_SIZE,
      ...filter.value
    })
  )

  async function open(forApp: number, initial: MessageFilter = {}): Promise<void> {
    appId.value = forApp
    filter.value = { ...initial }
    attempts.value = new Map()
    await pager.first()
  }

  async function loadAttempts(deliveryId: number): Promise<void> {
    if (appId.value === null) return
    const page = await api().call('logs.list', { appId: appId.value, deliveryId, limit: 200 })
    attempts.value = new Map(attempts.value).set(deliveryId, page.items)
  }

  const touched = new Set<number>()
  let timer: ReturnType<typeof setTimeout> | null = null

  /** A new attempt changes its message's row, and maybe adds a message on the first page. */
  function receive(log: LogSummaryDto): void {
    if (appId.value === null || log.appId !== appId.value || log.deliveryId === null) return
    touched.add(log.deliveryId)
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      const deliveries = [...touched]
      touched.clear()
      const shown = pager.items.value.some((item) => deliveries.includes(item.deliveryId))
      if (pager.onFirstPage.value || shown) void pager.reload().catch(() => {})
      for (const id of deliveries) if (attempts.value.has(id)) void loadAttempts(id)
    }, PUSH_COALESCE_MS)
  }

  return { appId, filter, attempts, ...pager, open, loadAttempts, receive }
})
