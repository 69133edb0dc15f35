import { definePreset } from '@primeuix/themes'
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
import { DARK_CLASS, initColorScheme } from './composables/use-color-scheme'
import { createAppRouter } from './router'
import './styles.css'

// Before anything renders: the first frame must already be in the operator's color scheme.
initColorScheme()

// zod probes `new Function` to speed up parsing; the strict CSP forbids eval, so skip the probe
// instead of logging a CSP violation on every form.
configureZod({ jitless: true })

const severityHues = { info: 'blue', success: 'green', warn: 'yellow', error: 'red' } as const

/** Message and toast text in a shade that keeps 4.5:1 on their tinted backgrounds. */
function severityText(light: number, dark: number) {
  const shades = (shade: number) =>
    Object.fromEntries(
      Object.entries(severityHues).map(([severity, hue]) => {
        const color = `{${hue}.${shade}}`
        return [severity, { color, outlined: { color, borderColor: color }, simple: { color } }]
      })
    )
  return { colorScheme: { light: shades(light), dark: shades(dark) } }
}

/** Filled buttons keep white text at 4.5:1 (Aura's 500 shades give 2.3-3.8:1); text ones too. */
const buttonShades = (hue: string) => ({
  background: `{${hue}.700}`,
  hoverBackground: `{${hue}.800}`,
  activeBackground: `{${hue}.900}`,
  borderColor: `{${hue}.700}`,
  hoverBorderColor: `{${hue}.800}`,
  activeBorderColor: `{${hue}.900}`,
  focusRing: { color: `{${hue}.700}` }
})
const buttonHues = { success: 'green', info: 'sky', warn: 'orange', help: 'purple', danger: 'red' }
const lightButtons = {
  root: Object.fromEntries(
    Object.entries(buttonHues).map(([name, hue]) => [name, buttonShades(hue)])
  ),
  outlined: Object.fromEntries(
    Object.entries(buttonHues).map(([name, hue]) => [name, { color: `{${hue}.700}` }])
  ),
  text: Object.fromEntries(
    Object.entries(buttonHues).map(([name, hue]) => [name, { color: `{${hue}.700}` }])
  )
}

/**
 * Aura with an emerald primary dark enough for white text (emerald-700: 5.5:1, WCAG AA) in light
 * mode; Aura's dark mode already puts dark text on emerald-400. Focus rings are 2px wide so they
 * show on every background.
 */
const AppPreset = definePreset(Aura, {
  semantic: {
    focusRing: { width: '2px' },
    colorScheme: {
      light: {
        primary: {
          color: '{primary.700}',
          contrastColor: '#ffffff',
          hoverColor: '{primary.800}',
          activeColor: '{primary.900}'
        },
        highlight: { color: '{primary.800}', focusColor: '{primary.900}' }
      },
      dark: {
        primary: { contrastColor: '{surface.950}' }
      }
    }
  },
  components: {
    button: { colorScheme: { light: lightButtons } },
    // Addon text ("UTC", units) is read, not decoration: muted text colour instead of icon grey.
    inputgroup: { addon: { color: '{text.muted.color}' } },
    message: severityText(700, 300),
    toast: severityText(700, 300),
    // Unselected segments of a SelectButton: surface-500 on surface-100 is 4.4:1.
    togglebutton: {
      colorScheme: {
        light: {
          root: { color: '{surface.600}', hoverColor: '{surface.800}' },
          icon: { color: '{surface.600}', hoverColor: '{surface.800}' }
        }
      }
    }
  }
})

const connected = initApiClient()

createApp(App, { connected })
  .use(createPinia())
  .use(createAppRouter())
  .use(PrimeVue, {
    theme: { preset: AppPreset, options: { darkModeSelector: `.${DARK_CLASS}` } }
  })
  .use(ToastService)
  .use(ConfirmationService)
  .directive('tooltip', Tooltip)
  .mount('#app')
