import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setApiClient } from '../../src/renderer/src/api'
import LogCurlSection from '../../src/renderer/src/components/logs/LogCurlSection.vue'
import type { LogDetailDto, WebhookDto } from '@shared/dto'
import { startHarness, type Harness } from '../support/core-harness'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { inProcessClient } from './in-process-client'
import { mountWithApp, settle } from './mount'

/** The log's cURL command: secret headers masked until revealed, and only where still current. */
let harness: Harness
let receiver: TestReceiver
let webhook: WebhookDto
let log: LogDetailDto
const KEY = 'a-long-secret-key-9z9z'

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  receiver = await startReceiver()
  const appId = (await harness.call('apps.list'))[0].id
  webhook = await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['brand.created'],
    headers: [
      { name: 'X-Tenant', value: 't-1' },
      { name: 'X-Api-Key', value: KEY, secret: true }
    ]
  })
  log = (await harness.call('webhooks.test', { id: webhook.id })).log
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  document.body.innerHTML = ''
  setApiClient(null)
  await receiver.close()
  await harness.close()
})

const curl = () => document.querySelector('[data-test=curl-command]')?.textContent ?? ''
const note = () => document.querySelector('[data-test=reveal-note]')?.textContent ?? ''

async function reveal(): Promise<void> {
  mountWithApp(LogCurlSection, { props: { log }, attachTo: document.body })
  await settle()
  expect(curl()).toContain("'X-Api-Key: ••••9z9z'")
  expect(curl()).toContain("'X-Tenant: t-1'")
  ;(document.querySelector('[data-test=reveal-headers]') as HTMLButtonElement).click()
  await settle()
}

describe('the log’s cURL command with secret headers', () => {
  it('fills in the secret on request and masks it again', async () => {
    expect(log.requestHeaders['X-Api-Key']).toBe('••••9z9z')
    await reveal()
    expect(curl()).toContain(`'X-Api-Key: ${KEY}'`)
    expect(note()).toBe('')
    ;(document.querySelector('[data-test=mask-headers]') as HTMLButtonElement).click()
    await settle()
    expect(curl()).not.toContain(KEY)
  })

  it('keeps a secret changed since the attempt masked, and says so', async () => {
    await harness.call('webhooks.update', {
      id: webhook.id,
      headers: [{ name: 'X-Api-Key', value: 'another-secret-key-0000', secret: true }]
    })
    await reveal()
    expect(curl()).toContain("'X-Api-Key: ••••9z9z'")
    expect(curl()).not.toContain('another-secret')
    expect(note()).toContain('X-Api-Key changed or went away since this attempt and stays masked')
  })

  it('keeps them masked once the webhook is deleted, and says so', async () => {
    await harness.call('webhooks.bulk', { ids: [webhook.id], action: 'delete' })
    log = await harness.call('logs.get', { id: log.id })
    expect(log.webhookId).toBeNull()
    await reveal()
    expect(curl()).toContain("'X-Api-Key: ••••9z9z'")
    expect(note()).toBe('The webhook was deleted: its secret headers stay masked.')
  })
})
