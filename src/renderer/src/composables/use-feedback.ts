import type { ToastMessageOptions } from 'primevue/toast'
import { useConfirm } from 'primevue/useconfirm'
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
    outcome?: Outcome | ((result: T) => Outcome | undefined)
  ): Promise<T | undefined>
  /**
   * Shows an outcome toast on its own: for actions that navigate when they succeed, reported
   * after the navigation (which clears the toasts of the page left behind).
   */
  report(outcome: Outcome): void
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
  // The error toast of the latest failure: it goes as soon as the action is retried, so a
  // "Failed" message never outlives its cause next to the success that followed.
  let errorToast: ToastMessageOptions | null = null

  function dropErrorToast(): void {
    if (errorToast) toast.remove(errorToast)
    errorToast = null
  }

  function report(reported: Outcome): void {
    const { severity, summary } =
      typeof reported === 'string' ? { severity: 'success' as const, summary: reported } : reported
    toast.add({ severity, summary, life: severity === 'success' ? 3000 : 6000 })
  }

  return {
    busy,
    lastError,
    report,
    async run(action, outcome) {
      busy.value = true
      lastError.value = null
      dropErrorToast()
      try {
        const result = await action()
        const reported = typeof outcome === 'function' ? outcome(result) : outcome
        if (reported) report(reported)
        return result
      } catch (error) {
        lastError.value = error instanceof ApiError ? error : null
        // Toast keeps this very object (and gives it its id), so it can be removed later.
        errorToast = {
          severity: 'error',
          summary: 'Failed',
          detail: errorMessage(error),
          life: 8000
        }
        toast.add(errorToast)
        return undefined
      } finally {
        busy.value = false
      }
    }
  }
}

/**
 * Asks before unsaved edits are thrown away (leaving a page, closing a dialog). Resolves true to
 * discard. "Keep editing" has the focus and Escape means keep editing: the safe answer is the
 * easy one.
 */
export function useConfirmDiscard(): (message?: string) => Promise<boolean> {
  const confirm = useConfirm()
  return (message = 'The changes you made have not been saved.') =>
    new Promise<boolean>((resolve) =>
      confirm.require({
        header: 'Discard unsaved changes?',
        message,
        icon: 'pi pi-exclamation-triangle',
        acceptProps: { label: 'Discard', severity: 'danger' },
        rejectProps: { label: 'Keep editing', severity: 'secondary', outlined: true },
        defaultFocus: 'reject',
        accept: () => resolve(true),
        reject: () => resolve(false),
        onHide: () => resolve(false)
      })
    )
}
