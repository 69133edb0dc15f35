import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setApiClient } from '../../src/renderer/src/api'
import DeliverySettingsForm from '../../src/renderer/src/components/settings/DeliverySettingsForm.vue'
import { startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

let harness: Harness

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await harness.close()
})

const byTest = (name: string) => document.querySelector(`[data-test=${name}]`)

async function type(field: HTMLTextAreaElement, value: string): Promise<void> {
  field.value = value
  field.dispatchEvent(new Event('input'))
  await settle()
}

describe('the delivery settings form', () => {
  it("edits the guard's allow-list, labelled, checked as the API checks it, and saves it", async () => {
    mountWithApp(DeliverySettingsForm)
    await settle()
    const field = document.getElementById('setting-allow-list') as HTMLTextAreaElement
    expect(field.tagName).toBe('TEXTAREA')
    expect(document.querySelector('label[for=setting-allow-list]')?.textContent).toMatch(
      /Let through while blocking/
    )
    const hint = document.getElementById(field.getAttribute('aria-describedby')!)!
    expect(hint.textContent).toMatch(/One host name, IP address or CIDR range per line/)
    expect(field.getAttribute('aria-invalid')).toBeNull()

    await type(field, '127.0.0.1/32\n10.0.0.0/33')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(byTest('setting-error-allow-list')).toBe(hint)
    expect(hint.textContent).toBe(
      '"10.0.0.0/33" is not a CIDR range: the prefix length must be 0 to 32'
    )
    const save = document.querySelector('button[type=submit]') as HTMLButtonElement
    expect(save.disabled).toBe(true)

    await type(field, ' 127.0.0.1/32 \n\nHooks.Internal\n')
    expect(field.getAttribute('aria-invalid')).toBeNull()
    expect(save.disabled).toBe(false)
    save.click()
    await settle()
    await expect
      .poll(async () => (await harness.call('settings.get')).privateNetworkAllowList)
      .toEqual(['127.0.0.1/32', 'hooks.internal'])
  })
})
