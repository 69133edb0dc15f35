import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppDto } from '@shared/dto'
import { api } from '../api'

export const useAppsStore = defineStore('apps', () => {
  const apps = ref<AppDto[]>([])
  const loaded = ref(false)

  const byId = computed(() => new Map(apps.value.map((app) => [app.id, app])))

  async function load(): Promise<void> {
    apps.value = await api().call('apps.list', {})
    loaded.value = true
  }

  async function create(name: string): Promise<AppDto> {
    const app = await api().call('apps.create', { name })
    apps.value = [...apps.value, app]
    return app
  }

  async function rename(id: number, name: string): Promise<AppDto> {
    const app = await api().call('apps.update', { id, name })
    apps.value = apps.value.map((existing) => (existing.id === id ? app : existing))
    return app
  }

  async function remove(id: number): Promise<void> {
    await api().call('apps.delete', { id })
    apps.value = apps.value.filter((app) => app.id !== id)
  }

  return { apps, loaded, byId, load, create, rename, remove }
})
