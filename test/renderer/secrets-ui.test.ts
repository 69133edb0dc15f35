import { createPinia, setActivePinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import type { SecretBox } from '../../src/main/core/support/secret-box'
import { setApiClient } from '../../src/renderer/src/api'
import SecretField from '../../src/renderer/src/components/webhooks/SecretField.vue'
import { useSystemStore } from '../../src/renderer/src/stores/system.store'
import SettingsView from '../../src/renderer/src/views/SettingsView.vue'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

let harness: Harness | undefined
afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness?.close()
  harness = undefined
})

const fallbackKey: SecretBox = {
  protection: 'basic_text',
  seal: (plain) => Buffer.from(plain).toString('base64'),
  open: (sealed) => Buffer.from(sealed, 'base64').toString()
}

describe('secrets in the UI', () => {
  it('shows only a hint until the operator reveals the secret, which asks the core for it', async () => {
    harness = await startHarness({ deliver: false })
    setApiClient(inProcessClient(harness.core))
    const appId = (await harness.call('apps.list'))[0].id
    const webhook = await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['brand.created']
    })
    const read = await harness.call('webhooks.get', { id: webhook.id })
    mountWithApp(SecretField, {
      props: {
        webhookId: webhook.id,
        hint: read.secretHint,
        knownSecret: null,
        previousExpiresAt: null,
        rotating: false
      }
    })
    const value = () =>
      (document.querySelector('[data-test=secret-value]') as HTMLInputElement).value
    expect(value()).toBe(`whsec_${'•'.repeat(12)}${webhook.secret.slice(-4)}`)
    expect(value()).not.toContain(webhook.secret.slice(6, 20))
    ;(document.querySelector('[data-test=reveal-secret]') as HTMLButtonElement).click()
    await eventually(async () => value() === webhook.secret)
  })

  it('warns in Settings when secrets are sealed with the built-in fallback key', async () => {
    harness = await startHarness({ deliver: false, secretBox: fallbackKey })
    setApiClient(inProcessClient(harness.core))
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/', component: SettingsView }]
    })
    const root = defineComponent(() => () => h(RouterView))
    // The app's plugins as mountWithApp installs them, plus the router (its list replaces theirs).
    const pinia = createPinia()
    mountWithApp(root, {
      global: {
        plugins: [pinia, [PrimeVue, { unstyled: true }], ToastService, ConfirmationService, router]
      }
    })
    setActivePinia(pinia)
    await useSystemStore().load()
    await router.push('/')
    await settle()
    await eventually(async () => !!document.querySelector('[data-test=secret-storage-warning]'))
    expect(document.querySelector('[data-test=secret-storage-warning]')?.textContent).toContain(
      'No system keyring'
    )
  })
})
