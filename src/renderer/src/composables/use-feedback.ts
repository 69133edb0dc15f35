import { useToast } from 'primevue/usetoast'
import { ref, type Ref } from 'vue'
import { ApiError } from '../api'

export interface Feedback {
  busy: Ref<boolean>
  /** The failure of the latest run, for forms that show the server's per-field issues. */
  lastError: Ref<ApiError | null>
  /** Runs an action with a busy flag; success and failure both end in a toast. */
  run<T>(
    action: () => Promise<T>,
    success?: string | ((result: T) => string)
  ): Promise<T | undefined>
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

export function useFeedback(): Feedback {
  const toast = useToast()
  const busy = ref(false)
  const lastError = ref<ApiError | null>(null)
  return {
    busy,
    lastError,
    async run(action, success) {
      busy.value = true
      lastError.value = null
      try {
        const result = await action()
        if (success)
          toast.add({
            severity: 'success',
            summary: typeof success === 'function' ? success(result) : success,
            life: 3000
          })
        return result
      } catch (error) {
        lastError.value = error instanceof ApiError ? error : null
        toast.add({ severity: 'error', summary: 'Failed', detail: errorMessage(error), life: 8000 })
        return undefined
      } finally {
        busy.value = false
      }
    }
  }
}
