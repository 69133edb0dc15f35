import { computed, onBeforeUnmount, ref, watch, type Ref } from 'vue'
import type { RecordType } from '@shared/entity-catalog'
import type { MassEditChange, MassEditPreviewDto } from '@shared/mass-edit'
import { useMassEditStore } from '../stores/mass-edit.store'
import { errorMessage } from './use-feedback'

const PREVIEW_DELAY_MS = 300

/**
 * The mass edit dialog's count: asked a moment after each choice of field, operation or value
 * (an answer overtaken by a newer question is dropped), with the core's refusal of a bad value
 * as the error, and the sentence the dialog shows.
 */
export function useMassEditPreview(
  type: () => RecordType,
  change: Ref<MassEditChange | null>,
  announce: (text: string) => void
) {
  const selection = useMassEditStore()
  const preview = ref<MassEditPreviewDto | null>(null)
  const error = ref<string | null>(null)
  const counting = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest = 0

  async function ask(next: MassEditChange): Promise<void> {
    const request = ++latest
    try {
      const answer = await selection.preview(type(), next)
      if (request !== latest) return
      preview.value = answer
      announce(`${answer.willChange} of ${answer.selected} selected records will change.`)
    } catch (failure) {
      if (request === latest) error.value = errorMessage(failure)
    } finally {
      if (request === latest) counting.value = false
    }
  }

  watch(
    change,
    (next) => {
      clearTimeout(timer)
      latest++
      preview.value = null
      error.value = null
      counting.value = false
      // Nothing to count until a field is chosen and, to set it, a value given.
      if (!next || (next.op === 'set' && (next.value === null || next.value === ''))) return
      counting.value = true
      timer = setTimeout(() => void ask(next), PREVIEW_DELAY_MS)
    },
    { deep: true }
  )
  onBeforeUnmount(() => clearTimeout(timer))

  const text = computed(() => {
    const answer = preview.value
    return answer ? `${answer.willChange} of ${answer.selected} selected records will change` : ''
  })
  /** The records the change would leave alone, in the sentence's tail. */
  const rest = computed(() => {
    const answer = preview.value
    const left = answer ? answer.selected - answer.willChange : 0
    if (left === 0) return ''
    const verb = left === 1 ? 'has' : 'have'
    return `; the other ${left} already ${verb} ${change.value?.op === 'clear' ? 'none' : 'it'}`
  })
  const canApply = computed(
    () => !counting.value && preview.value !== null && preview.value.willChange > 0
  )
  return { preview, error, counting, text, rest, canApply }
}
