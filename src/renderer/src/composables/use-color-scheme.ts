import { readonly, ref, type Ref } from 'vue'

/** What the operator chose in Settings; "system" follows the operating system's setting. */
export type ColorSchemeChoice = 'system' | 'light' | 'dark'

const STORAGE_KEY = 'pim-color-scheme'
/** PrimeVue's darkModeSelector (main.ts) and the app's own dark CSS both key off this class. */
export const DARK_CLASS = 'app-dark'

const choice = ref<ColorSchemeChoice>('system')
const dark = ref(false)
let systemDark: MediaQueryList | null = null

function storedChoice(): ColorSchemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY)
    return value === 'light' || value === 'dark' ? value : 'system'
  } catch {
    return 'system' // storage can be disabled; the system setting still applies
  }
}

function apply(): void {
  dark.value = choice.value === 'dark' || (choice.value === 'system' && !!systemDark?.matches)
  document.documentElement.classList.toggle(DARK_CLASS, dark.value)
  // Native controls and scrollbars follow the page's scheme, not the operating system's.
  document.documentElement.style.colorScheme = dark.value ? 'dark' : 'light'
}

/**
 * Applies the stored choice and follows later changes of the system setting. Called by main.ts
 * before the app mounts, so the first frame Vue paints already has the right colours.
 */
export function initColorScheme(): void {
  systemDark = window.matchMedia('(prefers-color-scheme: dark)')
  systemDark.addEventListener('change', apply)
  choice.value = storedChoice()
  apply()
}

export function useColorScheme(): {
  choice: Readonly<Ref<ColorSchemeChoice>>
  dark: Readonly<Ref<boolean>>
  choose(next: ColorSchemeChoice): void
} {
  return {
    choice: readonly(choice),
    dark: readonly(dark),
    choose(next) {
      choice.value = next
      try {
        if (next === 'system') localStorage.removeItem(STORAGE_KEY)
        else localStorage.setItem(STORAGE_KEY, next)
      } catch {
        // Not remembered across restarts, but applied for this session.
      }
      apply()
    }
  }
}
