import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { EntityDto, RevisionDto } from '../../../shared/dto'
import type { RecordType } from '../../../shared/entity-catalog'
import { api } from '../api'

export const ENTITY_PAGE_SIZE = 20

/** The record table on screen: one type, one page, optional search. */
export const useEntitiesStore = defineStore('entities', () => {
  const type = ref<RecordType | null>(null)
  const items = ref<EntityDto[]>([])
  const total = ref(0)
  const offset = ref(0)
  const search = ref('')
  const loading = ref(false)

  async function load(next: { type: RecordType; offset?: number; search?: string }): Promise<void> {
    if (next.type !== type.value) search.value = ''
    type.value = next.type
    offset.value = next.offset ?? 0
    if (next.search !== undefined) search.value = next.search
    loading.value = true
    try {
      const page = await api().call('entities.list', {
        type: next.type,
        offset: offset.value,
        limit: ENTITY_PAGE_SIZE,
        search: search.value || undefined
      })
      items.value = page.items
      total.value = page.total
    } finally {
      loading.value = false
    }
  }

  async function reload(): Promise<void> {
    if (type.value) await load({ type: type.value, offset: offset.value })
  }

  function get(recordType: RecordType, id: number): Promise<EntityDto> {
    return api().call('entities.get', { type: recordType, id })
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
    load,
    reload,
    get,
    create,
    update,
    remove,
    revisions
  }
})
