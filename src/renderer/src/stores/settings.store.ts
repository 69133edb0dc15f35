import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ApiInput } from '@shared/api-contract'
import type { DeliverySettings } from '@shared/delivery-settings'
import { api } from '../api'

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<DeliverySettings | null>(null)

  async function load(): Promise<DeliverySettings> {
    settings.value = await api().call('settings.get', {})
    return settings.value
  }

  async function update(changes: ApiInput<'settings.update'>): Promise<DeliverySettings> {
    settings.value = await api().call('settings.update', changes)
    return settings.value
  }

  return { settings, load, update }
})
