import { computed, reactive, ref } from 'vue'
import type { PreferencesPatch } from '@shared/preferences'
import { ApiError } from '../api'
import { useThisComputerStore } from '../stores/this-computer.store'
import { errorMessage } from './use-feedback'

/**
 * Saves one preference as soon as its control changes. A switch shows the operator's choice while
 * it is saved, then the saved state; when the core refuses, it goes back and the core's message
 * is shown next to it.
 */
export function usePreferenceSave() {
  const store = useThisComputerStore()
  const error = ref<unknown>(null)
  const pending = reactive(new Map<string, boolean>())

  async function save(patch: PreferencesPatch): Promise<boolean> {
    error.value = null
    try {
      await store.update(patch)
      return true
    } catch (failure) {
      error.value = failure
      return false
    }
  }

  /** What a switch shows: the choice being saved, else the saved value. */
  function shown(key: string, saved: boolean): boolean {
    return pending.get(key) ?? saved
  }

  async function saveSwitch(key: string, next: boolean, patch: PreferencesPatch): Promise<void> {
    pending.set(key, next)
    try {
      await save(patch)
    } finally {
      pending.delete(key)
    }
  }

  /** The core's message for one field (`notifications.quietHours.from`), if it named it. */
  function issueFor(path: string): string | null {
    return error.value instanceof ApiError ? error.value.issueFor(path) : null
  }

  const message = computed(() => (error.value === null ? null : errorMessage(error.value)))

  return { save, saveSwitch, shown, issueFor, message, error }
}
