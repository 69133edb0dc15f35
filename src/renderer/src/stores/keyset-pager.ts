import { computed, ref } from 'vue'

export interface KeysetPage<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * Walks newest-first keyset pages with a stack of the cursors that led to each page, so "newer"
 * works without offsets and pages stay stable while rows arrive.
 */
export function useKeysetPager<T>(
  fetch: (cursor: string | undefined) => Promise<KeysetPage<T>>,
  /** Runs after a page arrived, e.g. to merge rows pushed while it was in flight. */
  afterLoad?: () => void
) {
  const items = ref<T[]>([])
  const nextCursor = ref<string | null>(null)
  const cursorStack = ref<Array<string | undefined>>([])
  const currentCursor = ref<string | undefined>(undefined)
  const loading = ref(false)
  const loadError = ref<string | null>(null)

  const onFirstPage = computed(() => currentCursor.value === undefined)
  const pageNumber = computed(() => cursorStack.value.length + 1)

  async function load(cursor: string | undefined): Promise<void> {
    loading.value = true
    try {
      const page = await fetch(cursor)
      items.value = page.items as typeof items.value
      nextCursor.value = page.nextCursor
      currentCursor.value = cursor
      loadError.value = null
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error)
      throw error
    } finally {
      loading.value = false
    }
    afterLoad?.()
  }

  async function first(): Promise<void> {
    cursorStack.value = []
    await load(undefined)
  }

  async function older(): Promise<void> {
    if (!nextCursor.value) return
    const stack = [...cursorStack.value, currentCursor.value]
    await load(nextCursor.value)
    cursorStack.value = stack
  }

  async function newer(): Promise<void> {
    if (cursorStack.value.length === 0) return
    const stack = [...cursorStack.value]
    const previous = stack.pop()
    await load(previous)
    cursorStack.value = stack
  }

  /** The page being shown, again (after a push, or to retry a failed load). */
  async function reload(): Promise<void> {
    await load(currentCursor.value)
  }

  return {
    items,
    nextCursor,
    loading,
    loadError,
    onFirstPage,
    pageNumber,
    first,
    older,
    newer,
    reload
  }
}
