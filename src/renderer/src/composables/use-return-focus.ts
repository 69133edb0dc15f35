import { nextTick, onBeforeUnmount, watch, type WatchSource } from 'vue'

/**
 * Focus management for dialogs and drawers. Most of them here are mounted with v-if, so PrimeVue's
 * own "focus the opener on leave" never runs and focus falls to <body>: a keyboard or screen
 * reader user is thrown back to the top of the page. These helpers give focus back to the control
 * that opened the dialog or, when that control is gone (a deleted row, an empty state replaced by
 * a table), to the page's main heading.
 */

/** The first heading in <main>, made focusable by script only (tabindex -1, not a Tab stop). */
function mainHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>('main h1, main h2')
  if (heading && !heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1')
  return heading
}

function canTakeFocus(element: Element | null): element is HTMLElement {
  return (
    element instanceof HTMLElement &&
    element !== document.body &&
    element.isConnected &&
    !element.matches(':disabled') &&
    !element.closest('[inert], [aria-hidden="true"]') &&
    element.getClientRects().length > 0
  )
}

function focusLost(): boolean {
  const active = document.activeElement
  return !active || active === document.body || !active.isConnected
}

/**
 * After the DOM has updated, focuses `opener` (or the main heading if it is gone) unless focus
 * already landed somewhere on purpose.
 */
export async function returnFocus(opener: Element | null): Promise<void> {
  await nextTick()
  if (!focusLost()) return
  const target = canTakeFocus(opener) ? opener : mainHeading()
  target?.focus()
}

/**
 * Remembers the focused element when `open` becomes truthy and gives focus back to it when `open`
 * becomes falsy. A change between two truthy values (a "Create" dialog that stays open as "Edit")
 * keeps the original opener.
 */
export function useReturnFocus(open: WatchSource<unknown>): void {
  let opener: Element | null = null
  // Synchronously, before the dialog renders and moves focus into itself.
  watch(
    open,
    (now, before) => {
      if (now && !before) opener = document.activeElement
    },
    { flush: 'sync' }
  )
  // After the render that removed the dialog, when the focus it held has fallen to <body>.
  watch(
    open,
    (now, before) => {
      if (now || !before) return
      const element = opener
      opener = null
      void returnFocus(element)
    },
    { flush: 'post' }
  )
}

/**
 * For a dialog or drawer component that exists only while open (mounted with v-if): remembers
 * the focused element when it is created and gives focus back when it is removed.
 */
export function useReturnFocusOnUnmount(): void {
  const opener = document.activeElement
  onBeforeUnmount(() => void returnFocus(opener))
}
