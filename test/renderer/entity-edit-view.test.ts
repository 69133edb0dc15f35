import { createPinia } from 'pinia'
import PrimeVue from 'primevue/config'
import ConfirmDialog from 'primevue/confirmdialog'
import ConfirmationService from 'primevue/confirmationservice'
import Toast from 'primevue/toast'
import ToastService from 'primevue/toastservice'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { RouterView, type Router } from 'vue-router'
import { createApiClient } from '../../src/renderer/src/api/client'
import { setApiClient } from '../../src/renderer/src/api'
import { formatDateTime } from '../../src/renderer/src/format'
import { createAppRouter } from '../../src/renderer/src/router'
import { useAppsStore } from '../../src/renderer/src/stores/apps.store'
import type { ApiMethodName } from '@shared/api-methods'
import type { EntityDto } from '@shared/dto'
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
/** The same for `entities.list`; and while `failLists` is set, lists fail like a locked database. */
let holdLists: Promise<void> | null = null
let failLists = false
let unmount = () => {}
let wrapperRoot: () => ReturnType<typeof mountWithApp> = () => {
  throw new Error('not mounted')
}

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
  holdLists = null
  failLists = false
  setApiClient(
    createApiClient({
      call: async (method: ApiMethodName, input: unknown) => {
        if (method === 'entities.get' && holdGets) await holdGets
        if (method === 'entities.list' && holdLists) await holdLists
        if (method === 'entities.list' && failLists)
          return { ok: false, error: { code: 'internal', message: 'database is locked' } }
        return harness.core.call(method, input)
      },
      subscribe: (listener) => harness.core.onPush(listener)
    })
  )
  // Each test starts away from any record (hash history outlives a test's router).
  window.history.replaceState(null, '', '#/apps/0')
  router = createAppRouter()
  const root = defineComponent(() => () => [h(RouterView), h(ConfirmDialog), h(Toast)])
  // The app's plugins as mountWithApp installs them, plus the router (its list replaces theirs).
  const pinia = createPinia()
  const wrapper = mountWithApp(root, {
    global: {
      plugins: [pinia, [PrimeVue, { unstyled: true }], ToastService, ConfirmationService, router]
    }
  })
  unmount = () => wrapper.unmount()
  wrapperRoot = () => wrapper
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

  it('reads a date-time typed in the display form (PrimeVue alone drops 24-hour input)', async () => {
    const pricingId = (await harness.call('apps.list')).find((app) => app.key === 'pricing')!.id
    const rule = await harness.call('entities.create', {
      type: 'pricing_rule',
      data: { name: 'Winter sale', validFrom: '2026-12-01T08:00:00Z' }
    })
    await router.push(`/apps/${pricingId}/records/pricing_rule/${rule.id}`)
    await eventually(async () => input('validTo') !== null, 5_000)
    expect(input('validFrom')!.value).toBe(
      formatDateTime('2026-12-01T08:00:00Z').replace(/ UTC.*$/, '')
    )
    const validTo = input('validTo')!
    validTo.value = '2 Jan 2027, 09:30:15'
    validTo.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }))
    await settle()
    await submit()
    const expected = new Date(2027, 0, 2, 9, 30, 15).toISOString() // local time, as typed
    await eventually(
      async () =>
        (await harness.call('entities.get', { type: 'pricing_rule', id: rule.id })).fields
          .validTo === expected,
      5_000
    )
  })

  it('does not ask when the form has no edits', async () => {
    await open(five.id)
    await open(six.id)
    expect(button('Keep editing')).toBeUndefined()
    expect(input('name')!.value).toBe('Six')
  })
})

const listPath = (type: string) => `/apps/${appId}/records/${type}`
const byTest = (name: string) => document.querySelector(`[data-test=${name}]`)
const links = () => [...document.querySelectorAll('a[data-test=record-link]')]
const toasts = () => [
  ...document.querySelectorAll('[data-pc-name=toast] [data-pc-section=summary]')
]

describe('record list states', () => {
  it('shows a loading state while the list loads, never "No records yet"', async () => {
    let release = () => {}
    holdLists = new Promise((resolve) => (release = resolve))
    void router.push(listPath('product'))
    await eventually(async () => byTest('records-loading') !== null)
    expect(document.body.textContent).not.toContain('No product records yet')
    expect(byTest('records-empty')).toBeNull()
    holdLists = null
    release()
    await eventually(async () => links().length === 2)
    expect(byTest('records-loading')).toBeNull()
  })

  it("shows an error with Retry when a load fails, not the previous type's rows", async () => {
    await router.push(listPath('product'))
    await eventually(async () => links().length === 2)
    failLists = true
    await router.push(listPath('brand'))
    await eventually(async () => byTest('records-error') !== null)
    expect(byTest('records-error')!.textContent).toContain('database is locked')
    expect(document.querySelector('h2')!.textContent).toBe('Brand records')
    expect(links()).toEqual([]) // product 5 and 6 are not shown as brands
    expect(document.body.textContent).not.toContain('Five')
    expect(document.body.textContent).not.toContain('No brand records yet')

    failLists = false
    await harness.call('entities.create', { type: 'brand', data: { name: 'Nordwand' } })
    button('Retry')!.click()
    await eventually(async () => links().length === 1)
    expect(links()[0].textContent).toBe('Nordwand')
    expect(byTest('records-error')).toBeNull()
  })

  it('makes every row a link to its record, so Tab and Enter open it', async () => {
    await router.push(listPath('product'))
    await eventually(async () => links().length === 2)
    const link = links().find((found) => found.textContent === 'Six') as HTMLAnchorElement
    expect(link.getAttribute('href')).toBe(`#${recordPath(six.id)}`)
    link.click()
    await eventually(async () => input('name')?.value === 'Six')
    expect(router.currentRoute.value.path).toBe(recordPath(six.id))
  })

  it('shows a record status as a badge with words, and no badge where none is set', async () => {
    await router.push(listPath('product'))
    await eventually(async () => links().length === 2)
    const badges = [...document.querySelectorAll('[data-test=record-status]')]
    expect(badges.map((badge) => badge.textContent?.trim())).toEqual(['Active'])
    expect(badges[0].closest('tr')?.textContent).toContain('Six')
  })

  it('asks before the new-record dialog throws away what was typed', async () => {
    await router.push(listPath('product'))
    await eventually(async () => links().length === 2)
    button('New product')!.click()
    await eventually(async () => input('name') !== null)
    await type('name', 'Draft jacket')
    const dialog = () =>
      wrapperRoot()
        .findAllComponents({ name: 'Dialog' })
        .find((found) => found.props('header') === 'New product')!
    dialog().vm.$emit('update:visible', false) // what Escape and the close button do
    await eventually(async () => button('Keep editing') !== undefined)
    button('Keep editing')!.click()
    await settle()
    expect(dialog().props('visible')).toBe(true)
    expect(input('name')!.value).toBe('Draft jacket')
    button('Cancel')!.click()
    await eventually(async () => button('Discard') !== undefined)
    button('Discard')!.click()
    await settle()
    expect(dialog().props('visible')).toBe(false)
    expect((await harness.call('entities.list', { type: 'product' })).total).toBe(2)
  })
})

describe('record form', () => {
  it('focuses the first field with a problem when a save is refused', async () => {
    await open(five.id)
    await type('name', '')
    ;(document.getElementById('field-sku') as HTMLInputElement).focus()
    await submit()
    expect(document.querySelector('[data-test=error-name]')?.textContent).toContain('required')
    expect(document.activeElement?.id).toBe('field-name')
    expect(await stored(five.id)).toEqual(five)
  })
})

describe('toasts', () => {
  it('leave with the page, and a failure toast goes once the retry succeeds', async () => {
    await open(five.id)
    await type('sku', 'SKU-6') // taken by product 6
    await submit()
    await eventually(async () => toasts().some((toast) => toast.textContent === 'Failed'))
    await type('sku', 'SKU-55')
    await submit()
    await eventually(async () => toasts().some((toast) => toast.textContent === 'Product saved'))
    expect(toasts().map((toast) => toast.textContent)).toEqual(['Product saved'])

    await router.push(listPath('product'))
    await settle()
    expect(toasts()).toEqual([])
  })
})
