import ConfirmDialog from 'primevue/confirmdialog'
import Toast from 'primevue/toast'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { setApiClient } from '../../src/renderer/src/api'
import WebhookFormDialog from '../../src/renderer/src/components/webhooks/WebhookFormDialog.vue'
import EventPicker from '../../src/renderer/src/components/webhooks/EventPicker.vue'
import type { WebhookDto } from '@shared/dto'
import type { EventName } from '@shared/entity-catalog'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { startReceiver } from '../support/receiver'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

let harness: Harness
let appId: number

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  appId = (await harness.call('apps.list'))[0].id
  setApiClient(inProcessClient(harness.core))
})

/** Mounted with a ConfirmDialog: unmounted after the test, since PrimeVue's confirm bus is global. */
const withConfirm: Array<{ unmount(): void }> = []

afterEach(async () => {
  for (const wrapper of withConfirm.splice(0)) wrapper.unmount()
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

const button = (label: string) =>
  [...document.querySelectorAll('button')].find((el) => el.textContent?.trim() === label)

function mountEditing(webhook: WebhookDto | null) {
  const events = { closed: 0 }
  const root = defineComponent({
    props: { webhook: { type: Object as () => WebhookDto | null, default: null } },
    setup: (props) => () => [
      h(WebhookFormDialog, {
        appId,
        webhook: props.webhook,
        onClose: () => (events.closed += 1)
      }),
      h(ConfirmDialog)
    ]
  })
  const wrapper = mountWithApp(root, { props: { webhook } })
  withConfirm.push(wrapper)
  return { wrapper, events }
}

/** What the dialog does on Escape or its close button (happy-dom runs no enter transition, so
 * PrimeVue never binds its Escape listener here; Chromium covers the key itself). */
function closeLikeEscape(wrapper: ReturnType<typeof mountEditing>['wrapper']): void {
  wrapper.findComponent({ name: 'Dialog' }).vm.$emit('update:visible', false)
}

describe('webhook form: the webhook it was opened for', () => {
  it('sends the test event the operator chose among the subscribed ones', async () => {
    const receiver = await startReceiver()
    try {
      const webhook = await harness.call('webhooks.create', {
        appId,
        url: receiver.url,
        events: ['product.updated', 'brand.created', 'order.created']
      })
      const wrapper = mountWithApp(WebhookFormDialog, { props: { appId, webhook } })
      await settle()
      const choice = wrapper
        .findAllComponents({ name: 'Select' })
        .find((select) => select.props('inputId') === 'webhook-test-event')!
      expect([...choice.props('options')].sort()).toEqual([
        'brand.created',
        'order.created',
        'product.updated'
      ])
      expect(choice.props('modelValue')).toBe(webhook.events[0]) // the first by default
      const chosen = webhook.events[1]
      choice.vm.$emit('update:modelValue', chosen)
      await settle()
      ;(byTest('send-test') as HTMLButtonElement).click()
      await eventually(async () => byTest('test-result') !== null, 5_000)

      expect(byTest('test-result')?.textContent).toContain(chosen)
      const [request] = await receiver.waitFor(1)
      expect(request.json.event).toBe(chosen)
      const logged = await harness.call('logs.list', { appId, limit: 10 })
      expect(logged.items.map((log) => log.event)).toEqual([chosen])
    } finally {
      await receiver.close()
    }
  })

  it('asks before Escape, the close button or Cancel throw away edits', async () => {
    const webhook = await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['product.updated']
    })
    const { wrapper, events } = mountEditing(webhook)
    await settle()
    await type(byId('webhook-url'), 'https://example.com/changed')

    closeLikeEscape(wrapper)
    await eventually(async () => button('Keep editing') !== undefined)
    expect(document.body.textContent).toContain('Discard unsaved changes?')
    expect(button('Keep editing')!.getAttribute('autofocus')).toBe('true') // the safe answer
    button('Keep editing')!.click()
    await settle()
    expect(events.closed).toBe(0)
    expect(byId('webhook-url').value).toBe('https://example.com/changed')

    button('Cancel')!.click()
    await eventually(async () => button('Discard') !== undefined)
    button('Discard')!.click()
    await settle()
    expect(events.closed).toBe(1)
    // Discarded, not saved.
    expect((await harness.call('webhooks.get', { id: webhook.id })).url).toBe(
      'https://example.com/hook'
    )
  })

  it('closes without asking when nothing changed', async () => {
    const webhook = await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['product.updated']
    })
    const { wrapper, events } = mountEditing(webhook)
    await settle()
    closeLikeEscape(wrapper)
    await settle()
    expect(button('Keep editing')).toBeUndefined()
    expect(events.closed).toBe(1)
  })

  it('shows and saves another webhook when it is handed one while open', async () => {
    const first = await harness.call('webhooks.create', {
      appId,
      url: 'https://first.example.com/hook',
      events: ['product.updated']
    })
    const second = await harness.call('webhooks.create', {
      appId,
      url: 'https://second.example.com/hook',
      name: 'Second',
      events: ['brand.created'],
      retrySchedule: [10, 60, 300]
    })
    const { wrapper } = mountEditing(first)
    await settle()
    expect(byId('webhook-url').value).toBe('https://first.example.com/hook')
    await wrapper.setProps({ webhook: second })
    await settle()
    expect(byId('webhook-url').value).toBe('https://second.example.com/hook')
    expect(byId('webhook-name').value).toBe('Second')
    expect(wrapper.findComponent(EventPicker).props('modelValue')).toEqual(['brand.created'])
    expect(
      wrapper
        .findAllComponents({ name: 'Select' })
        .find((select) => select.props('inputId') === 'webhook-retry')!
        .props('modelValue')
    ).toBe('quick')

    ;(byTest('webhook-form') as HTMLFormElement).dispatchEvent(new Event('submit'))
    await eventually(async () => wrapper.findComponent(WebhookFormDialog).emitted('saved'), 5_000)
    const saved = wrapper.findComponent(WebhookFormDialog).emitted('saved')![0][0] as WebhookDto
    expect(saved.id).toBe(second.id)
    expect(await harness.call('webhooks.get', { id: first.id })).toMatchObject({
      url: 'https://first.example.com/hook',
      events: ['product.updated'],
      updatedAt: first.updatedAt
    })
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
