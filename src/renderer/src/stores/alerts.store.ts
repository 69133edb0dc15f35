import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type { AlertDto, AlertSettingsDto, AlertTestDto } from '@shared/dto'
import { api } from '../api'

/** How many alerts the bell lists (the newest); the unread count covers them all. */
const LISTED = 30

/**
 * The bell's alerts of every app (the core pushes each new one) and the alert settings of the
 * app whose settings page is open.
 */
export const useAlertsStore = defineStore('alerts', () => {
  const items = ref<AlertDto[]>([])
  const unread = ref(0)
  const hasUnread = computed(() => unread.value > 0)

  async function load(): Promise<void> {
    const page = await api().call('alerts.list', { limit: LISTED })
    items.value = page.items
    unread.value = page.unread
  }

  /** A pushed alert: at the top of the list, counted unread. */
  function receive(alert: AlertDto): void {
    if (items.value.some((item) => item.id === alert.id)) return
    items.value = [alert, ...items.value].slice(0, LISTED)
    if (alert.readAt === null) unread.value += 1
  }

  async function markRead(ids: number[]): Promise<void> {
    const unreadIds = ids.filter((id) => items.value.some((a) => a.id === id && !a.readAt))
    if (unreadIds.length === 0) return
    await api().call('alerts.markRead', { ids: unreadIds })
    await load()
  }

  async function markAllRead(): Promise<void> {
    await api().call('alerts.markRead', { all: true })
    await load()
  }

  const settings = ref<AlertSettingsDto | null>(null)

  async function loadSettings(appId: number): Promise<AlertSettingsDto> {
    settings.value = await api().call('alerts.settings', { appId })
    return settings.value
  }

  async function updateSettings(
    input: ApiInput<'alerts.updateSettings'>
  ): Promise<AlertSettingsDto> {
    settings.value = await api().call('alerts.updateSettings', input)
    return settings.value
  }

  function sendTest(appId: number): Promise<AlertTestDto> {
    return api().call('alerts.test', { appId })
  }

  async function revealSecret(appId: number): Promise<string> {
    return (await api().call('alerts.revealSecret', { appId })).secret
  }

  return {
    items,
    unread,
    hasUnread,
    load,
    receive,
    markRead,
    markAllRead,
    settings,
    loadSettings,
    updateSettings,
    sendTest,
    revealSecret
  }
})
