import Toast from 'primevue/toast'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { setApiClient } from '../../src/renderer/src/api'
import WebhookFormDialog from '../../src/renderer/src/components/WebhookFormDialog.vue'
import EventPicker from '../../src/renderer/src/components/EventPicker.vue'
import type { EventName } from '../../src/shared/entity-catalog'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

let harness: Harness
let appId: number

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  appId = (await harness.call('apps.list'))[0].id
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const byId = (id: string) => document.getElementById(id) as HTMLInputElement
const byTest = (name: string) => document.querySelector(`[data-test=${name}]`)

async function type(input: HTMLInputElement, value: string): Promise<void> {
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('blur'))
  await settle()
}

describe('webhook form', () => {
  it('validates the URL as the operator types, with the API rules', async () => {
    mountWithApp(WebhookFormDialog, { props: { appId, webhook: null } })
    await settle()
    const url = byId('webhook-url')
    await type(url, 'ftp://files.example.com/')
    expect(byTest('url-error')?.textContent).toContain('http or https, not ftp')
    await type(url, 'https://user:secret@example.com/')
    expect(byTest('url-error')?.textContent).toContain('credentials')
    await type(url, 'https://example.com/hook')
    expect(byTest('url-error')).toBeNull()
  })

  it('refuses to submit without events and creates nothing', async () => {
    mountWithApp(WebhookFormDialog, { props: { appId, webhook: null } })
    await settle()
    await type(byId('webhook-url'), 'https://example.com/hook')
    ;(byTest('webhook-form') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await settle()
    expect(byTest('events-error')?.textContent).toContain('at least one event')
    expect(await harness.call('webhooks.list', { appId })).toEqual([])
  })

  it('creates the webhook and switches to edit mode with the secret', async () => {
    const wrapper = mountWithApp(WebhookFormDialog, { props: { appId, webhook: null } })
    await settle()
    await type(byId('webhook-url'), 'https://example.com/hook')
    wrapper.findComponent(EventPicker).vm.$emit('update:modelValue', ['product.updated'])
    await settle()
    ;(byTest('webhook-form') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await eventually(async () => byTest('secret-value') !== null, 5_000)
    const [created] = await harness.call('webhooks.list', { appId })
    expect(created).toMatchObject({
      url: 'https://example.com/hook',
      events: ['product.updated'],
      active: true
    })
    expect(wrapper.emitted('saved')?.[0]).toEqual([expect.objectContaining({ id: created.id })])
    expect(wrapper.emitted('close')).toBeUndefined()
  })

  it('shows the server error under the field when the API refuses', async () => {
    const other = await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/',
      events: ['brand.created']
    })
    await harness.call('webhooks.bulk', { ids: [other.id], action: 'delete' })
    // Editing a webhook that was deleted elsewhere: the API says so in a toast, the dialog stays.
    const closed: unknown[] = []
    const withToasts = defineComponent(() => () => [
      h(Toast),
      h(WebhookFormDialog, { appId, webhook: other, onClose: () => closed.push(true) })
    ])
    mountWithApp(withToasts)
    await settle()
    ;(byTest('webhook-form') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await eventually(async () => document.body.textContent?.includes('does not exist'), 5_000)
    expect(document.body.textContent).toContain(`Webhook ${other.id} does not exist`)
    expect(byTest('webhook-form')).not.toBeNull()
    expect(closed).toEqual([])
  })
})

describe('event picker', () => {
  it('offers every catalog event grouped by family and binds the selection', async () => {
    const selected: EventName[] = []
    const wrapper = mountWithApp(EventPicker, {
      props: {
        inputId: 'events',
        modelValue: selected,
        'onUpdate:modelValue': (value: EventName[]) => selected.splice(0, selected.length, ...value)
      }
    })
    await settle()
    const multiSelect = wrapper.findComponent({ name: 'MultiSelect' })
    const groups = multiSelect.props('options') as Array<{
      label: string
      items: Array<{ value: string }>
    }>
    expect(groups.map((group) => group.label)).toEqual([
      'Catalog events',
      'Commercial events',
      'Inventory events',
      'App events'
    ])
    expect(groups.flatMap((group) => group.items).length).toBe(57)
    expect(groups[2].items.map((item) => item.value)).toEqual([
      'inventory.created',
      'inventory.updated',
      'inventory.deleted'
    ])
    expect(multiSelect.props('filter')).toBe(true)
    multiSelect.vm.$emit('update:modelValue', ['order.created', 'app.deleted'])
    await settle()
    expect(selected).toEqual(['order.created', 'app.deleted'])
  })
})
