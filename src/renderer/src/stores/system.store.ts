import { defineStore } from 'pinia'
import { ref } from 'vue'
import type {
  DatabaseStatusDto,
  DatabaseTestDto,
  StorageProblemDto,
  SystemStatusDto
} from '@shared/dto'
import { api } from '../api'

/**
 * Whether the core can save right now (the core pushes every change of it), and where its records
 * live: this computer or a team server, chosen for the next start.
 */
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

  const database = ref<DatabaseStatusDto | null>(null)

  async function loadDatabase(): Promise<DatabaseStatusDto> {
    database.value = await api().call('system.database', {})
    return database.value
  }

  /** Whether a PostgreSQL server answers at `url`; nothing is saved. */
  function testDatabase(url: string): Promise<DatabaseTestDto> {
    return api().call('system.testDatabase', { url })
  }

  /** The database of the next start (null: this computer). */
  async function chooseDatabase(url: string | null): Promise<DatabaseStatusDto> {
    database.value = await api().call('system.chooseDatabase', { url })
    return database.value
  }

  return {
    storage,
    secretStorage,
    database,
    load,
    storageChanged,
    loadDatabase,
    testDatabase,
    chooseDatabase
  }
})
