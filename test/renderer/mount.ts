import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import type { Component } from 'vue'

/** Mounts a component with the app's real plugins (PrimeVue unstyled, Pinia, toasts). */
export function mountWithApp<C extends Component>(
  component: C,
  options: ComponentMountingOptions<C> = {}
) {
  const pinia = createPinia()
  setActivePinia(pinia)
  return mount(component, {
    attachTo: document.body,
    ...options,
    global: {
      plugins: [pinia, [PrimeVue, { unstyled: true }], ToastService, ConfirmationService],
      directives: { tooltip: Tooltip },
      ...options.global
    }
  } as ComponentMountingOptions<C>)
}

export async function settle(): Promise<void> {
  for (let n = 0; n < 5; n++) await new Promise((resolve) => setTimeout(resolve, 10))
}
