import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { EventName } from '@shared/entity-catalog'
import type { EventFilter, WebhookFilters } from '@shared/webhook-filters'
import type { ApiError } from '../api'

export interface EventFilters {
  /** Narrowing per `*.updated` event, kept for events unticked and ticked again while editing. */
  filters: Ref<WebhookFilters>
  /** The `*.updated` events chosen: the ones that can be narrowed to fields and conditions. */
  narrowable: ComputedRef<EventName[]>
  /** Filters of chosen events only, without empty lists (an empty filter narrows nothing). */
  filtersToSave: () => WebhookFilters
  setFilter: (event: EventName, filter: EventFilter) => void
  /** The server's issues about one event's filter, with the path inside it. */
  filterProblems: (event: EventName) => string[]
}

/** The webhook form's field-level narrowing of the chosen events, apart from its other fields. */
export function useEventFilters(
  events: Ref<EventName[]>,
  lastError: Ref<ApiError | null>
): EventFilters {
  const filters = ref<WebhookFilters>({})

  const narrowable = computed(() =>
    [...events.value].sort().filter((event) => event.endsWith('.updated'))
  )

  function filtersToSave(): WebhookFilters {
    const saved: WebhookFilters = {}
    for (const event of narrowable.value) {
      const filter = filters.value[event]
      const entry: EventFilter = {}
      if (filter?.fields?.length) entry.fields = filter.fields
      if (filter?.conditions?.length) entry.conditions = filter.conditions
      if (entry.fields || entry.conditions) saved[event] = entry
    }
    return saved
  }

  function setFilter(event: EventName, filter: EventFilter): void {
    filters.value = { ...filters.value, [event]: filter }
  }

  function filterProblems(event: EventName): string[] {
    const prefix = `filters.${event}`
    return (lastError.value?.issues ?? [])
      .filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`))
      .map((issue) => issue.message)
  }

  return { filters, narrowable, filtersToSave, setFilter, filterProblems }
}
