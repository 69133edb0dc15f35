import { useToast } from 'primevue/usetoast'
import { ref, type Ref } from 'vue'
import { ApiError } from '../api'

/** What a finished action reports: a plain success, or a softer outcome (e.g. sent, but refused). */
export type Outcome = string | { severity: 'success' | 'warn' | 'error'; summary: string }

export interface Feedback {
  busy: Ref<boolean>
  /** The failure of the latest run, for forms that show the server's per-field issues. */
  lastError: Ref<ApiError | null>
  /** Runs an action with a busy flag; success and failure both end in a toast. */
  run<T>(
    action: () => Promise<T>,
    outcome?: Outcome | ((result: T) => Outcome)
  ): Promise<T | undefined>
}

export function errorMessage(error: unknown): string {
  // Field paths are for programs; people read "sku: ...", not "data.sku: ...".
  if (error instanceof ApiError) return error.message.replace(/\bdata\./g, '')
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
    async run(action, outcome) {
      busy.value = true
      lastError.value = null
      try {
        const result = await action()
        const reported = typeof outcome === 'function' ? outcome(result) : outcome
        if (reported) {
          const { severity, summary } =
            typeof reported === 'string'
              ? { severity: 'success' as const, summary: reported }
              : reported
          toast.add({ severity, summary, life: severity === 'success' ? 3000 : 6000 })
        }
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
