import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DeliveryStatusDto } from '@shared/delivery-status'
import type { PushEvent } from '@shared/dto'
import type { Preferences, PreferencesPatch, ShellKind } from '@shared/preferences'
import type { UpdateStatusDto } from '@shared/updates'
import { api } from '../api'

/** The push events this store follows; App.vue hands them over as they arrive. */
export type ThisComputerEvent = Extract<
  PushEvent,
  { type: 'preferences.changed' | 'delivery.changed' | 'updates.changed' }
>

export function isThisComputerEvent(event: PushEvent): event is ThisComputerEvent {
  return (
    event.type === 'preferences.changed' ||
    event.type === 'delivery.changed' ||
    event.type === 'updates.changed'
  )
}

/**
 * This computer (Settings, "On this computer"): its preferences, the pause of its delivery and the
 * desktop's updates. Every change made anywhere (another window, the tray, the updater) is pushed
 * by the core, so what is shown is always what is saved.
 */
export const useThisComputerStore = defineStore('this-computer', () => {
  const preferences = ref<Preferences | null>(null)
  const shell = ref<ShellKind | null>(null)
  const delivery = ref<DeliveryStatusDto | null>(null)
  const updates = ref<UpdateStatusDto | null>(null)
  const desktop = computed(() => shell.value === 'desktop')

  /** Preferences first (notifications need them at start-up); the rest for Settings. */
  async function loadPreferences(): Promise<Preferences> {
    const answer = await api().call('preferences.get', {})
    preferences.value = answer.preferences
    shell.value = answer.shell
    return answer.preferences
  }

  async function load(): Promise<void> {
    const [, status, update] = await Promise.all([
      loadPreferences(),
      api().call('delivery.status', {}),
      api().call('updates.status', {})
    ])
    delivery.value = status
    updates.value = update
  }

  /**
   * The waiting count moves with every attempt, and the core pushes only pause and resume: while
   * Settings shows the count (`watchDelivery`), App.vue refreshes it after attempts (throttled)
   * and when saves queue deliveries (`deliveries.queued`).
   */
  const watchers = ref(0)
  const deliveryWatched = computed(() => watchers.value > 0)
  function watchDelivery(): () => void {
    watchers.value += 1
    let stopped = false
    return () => {
      if (!stopped) watchers.value -= 1
      stopped = true
    }
  }

  async function refreshDelivery(): Promise<void> {
    delivery.value = await api().call('delivery.status', {})
  }

  function receive(event: ThisComputerEvent): void {
    if (event.type === 'preferences.changed') preferences.value = event.preferences
    else if (event.type === 'delivery.changed') delivery.value = event.status
    else updates.value = event.status
  }

  async function update(patch: PreferencesPatch): Promise<Preferences> {
    const answer = await api().call('preferences.update', patch)
    preferences.value = answer.preferences
    shell.value = answer.shell
    return answer.preferences
  }

  async function setPaused(paused: boolean): Promise<DeliveryStatusDto> {
    delivery.value = await api().call('delivery.setPaused', { paused })
    return delivery.value
  }

  async function checkForUpdates(): Promise<UpdateStatusDto> {
    updates.value = await api().call('updates.check', {})
    return updates.value
  }

  async function restartNow(): Promise<UpdateStatusDto> {
    updates.value = await api().call('updates.restartNow', {})
    return updates.value
  }

  return {
    preferences,
    shell,
    desktop,
    delivery,
    updates,
    loadPreferences,
    load,
    deliveryWatched,
    watchDelivery,
    refreshDelivery,
    receive,
    update,
    setPaused,
    checkForUpdates,
    restartNow
  }
})
