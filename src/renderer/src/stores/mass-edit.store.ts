import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { EntityDto } from '@shared/dto'
import type { RecordType } from '@shared/entity-catalog'
import type {
  MassEditChange,
  MassEditJobDto,
  MassEditPreviewDto,
  MassEditSelection
} from '@shared/mass-edit'
import { api } from '../api'

/**
 * The records picked in the entity list for a mass edit, and the edit's calls. The selection is
 * a set of ids (kept across pages), or "all that match" the list's search, which the core walks
 * itself; it belongs to one type and one search and is dropped when either changes.
 */
export const useMassEditStore = defineStore('massEdit', () => {
  const type = ref<RecordType | null>(null)
  const search = ref('')
  const ids = ref(new Set<number>())
  /** Every record the search finds (all of the type without one), not only the ticked ones. */
  const allMatching = ref(false)

  const count = computed(() => ids.value.size)

  /** A new type or search starts without a selection (the ticks would name other rows). */
  function follow(nextType: RecordType | null, nextSearch: string): void {
    if (nextType === type.value && nextSearch === search.value) return
    type.value = nextType
    search.value = nextSearch
    clear()
  }

  function clear(): void {
    ids.value = new Set()
    allMatching.value = false
  }

  function isSelected(id: number): boolean {
    return allMatching.value || ids.value.has(id)
  }

  /** Ticks or unticks these records (one row, or the page); "all matching" ends at an untick. */
  function toggle(records: EntityDto[], selected: boolean, pageRecords: EntityDto[]): void {
    const next = new Set(allMatching.value ? pageRecords.map((record) => record.id) : ids.value)
    allMatching.value = false
    for (const record of records) {
      if (selected) next.add(record.id)
      else next.delete(record.id)
    }
    ids.value = next
  }

  function selectAllMatching(): void {
    allMatching.value = true
  }

  function selection(): MassEditSelection {
    if (allMatching.value) return { all: true, ...(search.value ? { search: search.value } : {}) }
    return { ids: [...ids.value] }
  }

  function preview(recordType: RecordType, change: MassEditChange): Promise<MassEditPreviewDto> {
    return api().call('massEdit.preview', { type: recordType, selection: selection(), change })
  }

  function start(recordType: RecordType, change: MassEditChange): Promise<MassEditJobDto> {
    return api().call('massEdit.start', { type: recordType, selection: selection(), change })
  }

  function get(jobId: number): Promise<MassEditJobDto> {
    return api().call('massEdit.get', { jobId })
  }

  function cancel(jobId: number): Promise<MassEditJobDto> {
    return api().call('massEdit.cancel', { jobId })
  }

  /** The job's progress as the core pushes it; the listener is removed with the returned call. */
  function onProgress(listener: (job: MassEditJobDto) => void): () => void {
    return api().onPush((event) => {
      if (event.type === 'massEdit.progress') listener(event.job)
    })
  }

  return {
    type,
    search,
    ids,
    allMatching,
    count,
    follow,
    clear,
    isSelected,
    toggle,
    selectAllMatching,
    preview,
    start,
    get,
    cancel,
    onProgress
  }
})
