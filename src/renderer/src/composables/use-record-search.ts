import { ref, watch, type Ref } from 'vue'
import type { RecordType } from '@shared/entity-catalog'
import { useEntitiesStore } from '../stores/entities.store'

/**
 * The record list's search box: loads the first page of matches a moment after typing stops,
 * and coming back to the same list (from a record) keeps its page and search.
 */
export function useRecordSearch(recordType: Ref<RecordType | null>): Ref<string> {
  const store = useEntitiesStore()
  const search = ref('')
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  let restoringSearch = false

  watch(
    recordType,
    (type) => {
      if (!type) return
      const returning = store.type === type
      restoringSearch = returning && store.search !== ''
      search.value = returning ? store.search : ''
      const offset = returning ? store.offset : 0
      void store.load({ type, offset, search: search.value })
    },
    { immediate: true }
  )

  watch(search, (value) => {
    if (restoringSearch) {
      restoringSearch = false
      return
    }
    clearTimeout(searchTimer)
    searchTimer = setTimeout(() => {
      if (recordType.value) void store.load({ type: recordType.value, offset: 0, search: value })
    }, 250)
  })

  return search
}
