import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AlertDto } from '@shared/dto'
import { setApiClient } from '../../src/renderer/src/api'
import AlertSettingsForm from '../../src/renderer/src/components/alerts/AlertSettingsForm.vue'
import { useAlertsStore } from '../../src/renderer/src/stores/alerts.store'
import { startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

let harness: Harness
let appId: number

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  setApiClient(inProcessClient(harness.core))
  appId = (await harness.call('apps.list'))[0].id
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const byTest = (name: string) => document.querySelector<HTMLElement>(`[data-test=${name}]`)

async function type(field: HTMLInputElement, value: string): Promise<void> {
  field.value = value
  field.dispatchEvent(new Event('input'))
  await settle()
}

describe('alert settings and the bell', () => {
  it('edits an app alert URL, checked as the API checks it, and shows the secret as a hint', async () => {
    mountWithApp(AlertSettingsForm, { props: { appId } })
    await settle()
    const url = document.getElementById('alert-url') as HTMLInputElement
    expect(document.querySelector('label[for=alert-url]')?.textContent).toMatch(/Alert webhook URL/)
    expect(url.value).toBe('')
    expect(byTest('alert-secret')).toBeNull()
    expect((byTest('alert-test') as HTMLButtonElement).disabled).toBe(true)

    await type(url, 'https://user:pw@alerts.example.com/hook')
    const hint = document.getElementById(url.getAttribute('aria-describedby')!)!
    expect(url.getAttribute('aria-invalid')).toBe('true')
    expect(byTest('alert-error-url')).toBe(hint)
    expect(hint.textContent).toBe('URL must not contain credentials (user:password@)')
    const save = byTest('alert-save') as HTMLButtonElement
    expect(save.disabled).toBe(true)

    await type(url, 'https://alerts.example.com/hook')
    expect(url.getAttribute('aria-invalid')).toBeNull()
    save.click()
    await settle()
    await expect
      .poll(() => harness.call('alerts.settings', { appId }))
      .toMatchObject({ webhookUrl: 'https://alerts.example.com/hook' })
    const { secret } = await harness.call('alerts.revealSecret', { appId })
    await expect.poll(() => byTest('alert-secret')?.textContent).toContain(secret.slice(-4))
    expect(byTest('alert-secret')?.textContent).not.toContain(secret)
    byTest('alert-reveal')!.click()
    await expect.poll(() => byTest('alert-secret')?.textContent).toContain(secret)
  })

  it('counts a pushed alert once, and reads them all', async () => {
    mountWithApp(AlertSettingsForm, { props: { appId } })
    const store = useAlertsStore()
    await store.load()
    expect(store.unread).toBe(0)
    const alert: AlertDto = {
      id: 41,
      appId,
      webhookId: null,
      webhookName: 'ERP',
      kind: 'failing',
      state: 'raised',
      title: 'Webhook "ERP" is failing',
      text: 'Webhook "ERP" is failing (app Products).',
      createdAt: new Date().toISOString(),
      readAt: null
    }
    store.receive(alert)
    store.receive(alert)
    expect(store.unread).toBe(1)
    expect(store.items.map((item) => item.id)).toEqual([41])
    // Reading goes to the core, which knows no such alert: the list is the core's again.
    await store.markAllRead()
    expect(store.unread).toBe(0)
    expect(store.items).toEqual([])
  })
})
