import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ConfirmDialog from 'primevue/confirmdialog'
import ConfirmationService from 'primevue/confirmationservice'
import ToastService from 'primevue/toastservice'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView, type Router } from 'vue-router'
import { createApiClient } from '../../src/renderer/src/api/client'
import { setApiClient } from '../../src/renderer/src/api'
import { createAppRouter } from '../../src/renderer/src/router'
import { useAppsStore } from '../../src/renderer/src/stores/apps.store'
import type { ApiMethodName } from '../../src/shared/api-methods'
import type { EntityDto } from '../../src/shared/dto'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { mountWithApp, settle } from './mount'

/**
 * The generic edit page under the app's real router and a real core: the route's id changes
 * while the page stays mounted (Back/Forward, the address bar), and the form must follow it.
 */
let harness: Harness
let router: Router
let appId: number
let five: EntityDto
let six: EntityDto
/** While set, `entities.get` answers only once it resolves: the page is caught mid-load. */
let holdGets: Promise<void> | null = null
let unmount = () => {}

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  appId = (await harness.call('apps.list')).find((app) => app.key === 'products')!.id
  five = await harness.call('entities.create', {
    type: 'product',
    data: { name: 'Five', sku: 'SKU-5', price: 5 }
  })
  six = await harness.call('entities.create', {
    type: 'product',
    data: { name: 'Six', sku: 'SKU-6', price: 6, status: 'active' }
  })
  holdGets = null
  setApiClient(
    createApiClient({
      call: async (method: ApiMethodName, input: unknown) => {
        if (method === 'entities.get' && holdGets) await holdGets
        return harness.core.call(method, input)
      },
      subscribe: (listener) => harness.core.onPush(listener)
    })
  )
  // Each test starts away from any record (hash history outlives a test's router).
  window.history.replaceState(null, '', '#/apps/0')
  router = createAppRouter()
  const root = defineComponent(() => () => [h(RouterView), h(ConfirmDialog)])
  // The app's plugins as mountWithApp installs them, plus the router (its list replaces theirs).
  const pinia = createPinia()
  const wrapper = mountWithApp(root, {
    global: {
      plugins: [pinia, [PrimeVue, { unstyled: true }], ToastService, ConfirmationService, router]
    }
  })
  unmount = () => wrapper.unmount()
  await useAppsStore().load()
})

afterEach(async () => {
  // Unmounted, not just removed: PrimeVue's confirm bus is global and would reach this app's
  // ConfirmDialog in the next test.
  unmount()
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const recordPath = (id: number) => `/apps/${appId}/records/product/${id}`
const input = (name: string) => document.getElementById(`field-${name}`) as HTMLInputElement | null
const title = () => document.querySelector('[data-test=record-title]')?.textContent
const button = (label: string) =>
  [...document.querySelectorAll('button')].find((el) => el.textContent?.trim() === label)

async function open(id: number): Promise<void> {
  await router.push(recordPath(id))
  await eventually(async () => input('name') !== null && title() !== `Product #${id}`, 5_000)
}

async function type(name: string, value: string): Promise<void> {
  const field = input(name)!
  field.value = value
  field.dispatchEvent(new Event('input'))
  await settle()
}

async function submit(): Promise<void> {
  document.querySelector('form.entity-form')!.dispatchEvent(new Event('submit'))
  await settle()
}

const stored = (id: number) => harness.call('entities.get', { type: 'product', id })

describe('edit page following the route', () => {
  it('shows the record the new id names and saves onto that record only', async () => {
    await open(five.id)
    expect(input('name')!.value).toBe('Five')
    expect(input('sku')!.value).toBe('SKU-5')

    await open(six.id) // same page component, only the id in the URL changed
    expect(title()).toBe('Six')
    expect(input('name')!.value).toBe('Six')
    expect(input('sku')!.value).toBe('SKU-6')

    await type('name', 'Six v2')
    await submit()
    await eventually(async () => (await stored(six.id)).fields.name === 'Six v2', 5_000)
    expect((await stored(six.id)).fields).toMatchObject({
      name: 'Six v2',
      sku: 'SKU-6',
      price: 6,
      status: 'active'
    })
    // Product 5 was never written: same fields, same version, one revision (its creation).
    expect(await stored(five.id)).toEqual(five)
    expect(await harness.call('entities.revisions', { productId: five.id })).toHaveLength(1)
  })

  it('shows a loading state, not the previous record, until the new one arrives', async () => {
    await open(five.id)
    let release = () => {}
    holdGets = new Promise((resolve) => (release = resolve))
    void router.push(recordPath(six.id))
    await eventually(async () => document.querySelector('[data-test=record-loading]') !== null)
    expect(input('name')).toBeNull() // no form at all, so nothing of product 5 can be saved
    expect(title()).toBe(`Product #${six.id}`)
    expect(document.querySelector('[data-test=revision-history]')).toBeNull()
    holdGets = null
    release()
    await eventually(async () => input('name')?.value === 'Six', 5_000)
    expect(document.querySelector('[data-test=record-loading]')).toBeNull()
  })

  it('asks before a dirty form switches record, and keeps the edits on "Keep editing"', async () => {
    await open(five.id)
    await type('name', 'Five (draft)')

    const kept = router.push(recordPath(six.id))
    await eventually(async () => button('Keep editing') !== undefined)
    expect(document.body.textContent).toContain('Discard unsaved changes?')
    button('Keep editing')!.click()
    expect(await kept).toBeTruthy() // a navigation failure: the route did not change
    await settle()
    expect(router.currentRoute.value.path).toBe(recordPath(five.id))
    expect(input('name')!.value).toBe('Five (draft)')

    const discarded = router.push(recordPath(six.id))
    await eventually(async () => button('Discard') !== undefined)
    button('Discard')!.click()
    expect(await discarded).toBeUndefined()
    await eventually(async () => input('name')?.value === 'Six', 5_000)
    expect(await stored(five.id)).toEqual(five) // the draft was discarded, not saved
  })

  it('does not ask when the form has no edits', async () => {
    await open(five.id)
    await open(six.id)
    expect(button('Keep editing')).toBeUndefined()
    expect(input('name')!.value).toBe('Six')
  })
})
