import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setApiClient } from '../../src/renderer/src/api'
import WebhookFormDialog from '../../src/renderer/src/components/webhooks/WebhookFormDialog.vue'
import type { WebhookDto } from '@shared/dto'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

/** The webhook form's custom headers against a real core: a stored secret is never needed. */
let harness: Harness
let webhook: WebhookDto
const KEY = 'Bearer a-long-stored-key-wxyz'

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  const appId = (await harness.call('apps.list'))[0].id
  webhook = await harness.call('webhooks.create', {
    appId,
    url: 'https://example.com/hook',
    events: ['brand.created'],
    headers: [
      { name: 'X-Tenant', value: 't-1' },
      { name: 'Authorization', value: KEY, secret: true }
    ]
  })
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const all = (name: string) =>
  [...document.querySelectorAll(`[data-test=${name}]`)] as HTMLInputElement[]

async function type(input: HTMLInputElement, value: string): Promise<void> {
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('blur'))
  await settle()
}

async function submit(wrapper: ReturnType<typeof mountWithApp>): Promise<void> {
  ;(document.querySelector('[data-test=webhook-form]') as HTMLFormElement).dispatchEvent(
    new Event('submit')
  )
  await eventually(async () => (wrapper.emitted('saved') ?? wrapper.emitted('close')) !== undefined)
}

const revealed = async () =>
  (await harness.call('webhooks.revealHeaders', { id: webhook.id })).headers

describe('custom headers in the webhook form', () => {
  it('shows a stored secret as its hint and keeps it when the form saves untouched', async () => {
    const wrapper = mountWithApp(WebhookFormDialog, { props: { appId: webhook.appId, webhook } })
    await settle()
    const values = all('header-value')
    expect(all('header-name').map((input) => input.value)).toEqual(['X-Tenant', 'Authorization'])
    expect(values[1].value).toBe('')
    expect(values[1].type).toBe('password')
    expect(values[1].placeholder).toBe('••••wxyz (unchanged)')
    expect(document.querySelector('[data-test=header-kept]')).not.toBeNull()
    expect(document.body.innerHTML).not.toContain('stored-key')

    await type(values[0], 't-2')
    await submit(wrapper)
    expect(await revealed()).toEqual([
      { name: 'X-Tenant', value: 't-2', secret: false },
      { name: 'Authorization', value: KEY, secret: true }
    ])
  })

  it('replaces a secret that is typed again, and removes a header', async () => {
    const wrapper = mountWithApp(WebhookFormDialog, { props: { appId: webhook.appId, webhook } })
    await settle()
    await type(all('header-value')[1], 'Bearer replaced-value-1234')
    ;(document.querySelector('[data-test=remove-header]') as HTMLButtonElement).click()
    await settle()
    await submit(wrapper)
    expect(await revealed()).toEqual([
      { name: 'Authorization', value: 'Bearer replaced-value-1234', secret: true }
    ])
  })

  it('refuses to save a kept secret turned plain without its value, and a reserved name', async () => {
    const wrapper = mountWithApp(WebhookFormDialog, { props: { appId: webhook.appId, webhook } })
    await settle()
    const secretBox = document.querySelectorAll<HTMLInputElement>(
      '[data-test=header-row] input[type=checkbox]'
    )[1]
    secretBox.click()
    await settle()
    await type(all('header-name')[0], 'Webhook-Signature')
    ;(document.querySelector('[data-test=webhook-form]') as HTMLFormElement).dispatchEvent(
      new Event('submit')
    )
    await settle()
    const errors = [...document.querySelectorAll('[data-test=headers-editor] .error')]
      .map((error) => error.textContent?.trim())
      .filter(Boolean)
    expect(errors).toEqual([
      '"Webhook-Signature" is set by the app and cannot be overridden',
      'Enter the value: a header that is not secret is shown'
    ])
    expect(wrapper.emitted('saved')).toBeUndefined()
    expect((await revealed())[1]).toEqual({ name: 'Authorization', value: KEY, secret: true })
  })
})
