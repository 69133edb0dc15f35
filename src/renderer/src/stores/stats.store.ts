import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DeliveryStats } from '@shared/dto'
import { api } from '../api'

export const useStatsStore = defineStore('stats', () => {
  const stats = ref<DeliveryStats | null>(null)
  const scope = ref<{ appId?: number; hours: number }>({ hours: 24 })

  async function load(next: { appId?: number; hours?: number } = {}): Promise<void> {
    scope.value = { appId: next.appId, hours: next.hours ?? 24 }
    stats.value = await api().call('stats.deliveries', scope.value)
  }

  async function refresh(): Promise<void> {
    stats.value = await api().call('stats.deliveries', scope.value)
  }

  return { stats, scope, load, refresh }
})
