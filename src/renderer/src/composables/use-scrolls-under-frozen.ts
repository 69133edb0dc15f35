import { onBeforeUnmount, ref, watch, type Ref } from 'vue'

/**
 * Whether a DataTable's columns currently run on underneath its right-frozen column (the table
 * is wider than its card and not scrolled to the end). The table's root gets the class
 * `scrolls-under-frozen` from the caller, and styles.css draws a shadow at the frozen column's
 * edge, so the covered cells read as continuing underneath rather than as cut off.
 */
export function useScrollsUnderFrozen(root: Ref<{ $el: HTMLElement } | null>): Ref<boolean> {
  const under = ref(false)
  let container: HTMLElement | null = null
  let observer: ResizeObserver | null = null

  function measure(): void {
    if (!container) return
    under.value = container.scrollLeft + container.clientWidth < container.scrollWidth - 1
  }

  function detach(): void {
    container?.removeEventListener('scroll', measure)
    observer?.disconnect()
    container = null
  }

  // The table may appear later (after an empty state) and go again: follow the ref.
  watch(
    root,
    (component) => {
      detach()
      container = component?.$el.querySelector<HTMLElement>('.p-datatable-table-container') ?? null
      if (!container) return void (under.value = false)
      container.addEventListener('scroll', measure, { passive: true })
      observer ??= new ResizeObserver(measure)
      observer.observe(container)
      const table = container.querySelector('table')
      if (table) observer.observe(table)
      measure()
    },
    { flush: 'post', immediate: true }
  )
  onBeforeUnmount(detach)
  return under
}
