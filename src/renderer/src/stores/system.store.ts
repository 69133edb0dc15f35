import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StorageProblemDto } from '@shared/dto'
import { api } from '../api'

/** Whether the core can save right now; the core pushes every change of it. */
export const useSystemStore = defineStore('system', () => {
  const storage = ref<StorageProblemDto | null>(null)

  async function load(): Promise<void> {
    storage.value = (await api().call('system.status', {})).storage
  }

  function storageChanged(problem: StorageProblemDto | null): void {
    storage.value = problem
  }

  return { storage, load, storageChanged }
})
