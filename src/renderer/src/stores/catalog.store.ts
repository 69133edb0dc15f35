import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AsyncApiDocument } from '@shared/asyncapi'
import { eventCatalog, type CatalogEventGroup } from '@shared/entity-catalog'
import { api } from '../api'

/** The event catalog is a fixed list in src/shared, so it needs no round trip. */
export const useCatalogStore = defineStore('catalog', () => {
  const groups = ref<CatalogEventGroup[]>(eventCatalog())
  /** The AsyncAPI document of every event, for receiver authors (built by the core). */
  function asyncApi(): Promise<AsyncApiDocument> {
    return api().call('catalog.asyncapi', {})
  }

  return { groups, asyncApi }
})
