import { defineStore } from 'pinia'
import { ref } from 'vue'
import { eventCatalog, type CatalogEventGroup } from '@shared/entity-catalog'

/** The event catalog is a fixed list in src/shared, so it needs no round trip. */
export const useCatalogStore = defineStore('catalog', () => {
  const groups = ref<CatalogEventGroup[]>(eventCatalog())
  return { groups }
})
