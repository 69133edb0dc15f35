import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EntityDto, RevisionDto } from '@shared/dto'
import type { RecordType } from '@shared/entity-catalog'
import { api } from '../api'
import { errorMessage } from '../composables/use-feedback'

export const ENTITY_PAGE_SIZE = 20

/**
 * The record table on screen: one type, one page, optional search. `items` only ever holds rows
 * of `type`: switching type empties it at once, a failed load empties it and sets `error`, and
 * an answer that arrives after a newer request started is dropped.
 */
export const useEntitiesStore = defineStore('entities', () => {
  const type = ref<RecordType | null>(null)
  const items = ref<EntityDto[]>([])
  const total = ref(0)
  const offset = ref(0)
  const search = ref('')
  const loading = ref(false)
  const error = ref<string | null>(null)
  let latest = 0

  async function load(next: { type: RecordType; offset?: number; search?: string }): Promise<void> {
    if (next.type !== type.value) {
      search.value = ''
      items.value = []
      total.value = 0
    }
    type.value = next.type
    offset.value = next.offset ?? 0
    if (next.search !== undefined) search.value = next.search
    const request = ++latest
    loading.value = true
    error.value = null
    try {
      const page = await api().call('entities.list', {
        type: next.type,
        offset: offset.value,
        limit: ENTITY_PAGE_SIZE,
        search: search.value || undefined
      })
      if (request !== latest) return
      items.value = page.items
      total.value = page.total
    } catch (failure) {
      if (request !== latest) return
      // Rows of another page or search under this one's paginator would mislead: show none.
      items.value = []
      total.value = 0
      error.value = errorMessage(failure)
    } finally {
      if (request === latest) loading.value = false
    }
  }

  async function reload(): Promise<void> {
    if (type.value) await load({ type: type.value, offset: offset.value })
  }

  function get(recordType: RecordType, id: number): Promise<EntityDto> {
    return api().call('entities.get', { type: recordType, id })
  }

  /** Records of a type to choose from (a relation field's options), without touching the table. */
  async function choices(recordType: RecordType, limit = 500): Promise<EntityDto[]> {
    return (await api().call('entities.list', { type: recordType, limit })).items
  }

  async function create(recordType: RecordType, data: Record<string, unknown>): Promise<EntityDto> {
    const record = await api().call('entities.create', { type: recordType, data })
    return record
  }

  function update(
    recordType: RecordType,
    id: number,
    data: Record<string, unknown>
  ): Promise<EntityDto> {
    return api().call('entities.update', { type: recordType, id, data })
  }

  async function remove(recordType: RecordType, id: number): Promise<void> {
    await api().call('entities.delete', { type: recordType, id })
    await reload()
  }

  function revisions(productId: number): Promise<RevisionDto[]> {
    return api().call('entities.revisions', { productId })
  }

  return {
    type,
    items,
    total,
    offset,
    search,
    loading,
    error,
    load,
    reload,
    get,
    choices,
    create,
    update,
    remove,
    revisions
  }
})
