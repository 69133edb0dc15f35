import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { StorageProblemDto, SystemStatusDto } from '@shared/dto'
import { api } from '../api'

/** Whether the core can save right now; the core pushes every change of it. */
export const useSystemStore = defineStore('system', () => {
  const storage = ref<StorageProblemDto | null>(null)
  const secretStorage = ref<SystemStatusDto['secretStorage'] | null>(null)

  async function load(): Promise<void> {
    const status = await api().call('system.status', {})
    storage.value = status.storage
    secretStorage.value = status.secretStorage
  }

  function storageChanged(problem: StorageProblemDto | null): void {
    storage.value = problem
  }

  return { storage, secretStorage, load, storageChanged }
})
