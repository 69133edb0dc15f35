import Aura from '@primeuix/themes/aura'
import { createPinia } from 'pinia'
import 'primeicons/primeicons.css'
import PrimeVue from 'primevue/config'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import Tooltip from 'primevue/tooltip'
import { createApp } from 'vue'
import { config as configureZod } from 'zod'
import { initApiClient } from './api'
import App from './App.vue'
import { createAppRouter } from './router'
import './styles.css'

// zod probes `new Function` to speed up parsing; the strict CSP forbids eval, so skip the probe
// instead of logging a CSP violation on every form.
configureZod({ jitless: true })

const connected = initApiClient()

createApp(App, { connected })
  .use(createPinia())
  .use(createAppRouter())
  .use(PrimeVue, { theme: { preset: Aura, options: { darkModeSelector: '.app-dark' } } })
  .use(ToastService)
  .use(ConfirmationService)
  .directive('tooltip', Tooltip)
  .mount('#app')
