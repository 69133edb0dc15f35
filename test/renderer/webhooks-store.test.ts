import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, setApiClient } from '../../src/renderer/src/api'
import { useWebhooksStore } from '../../src/renderer/src/stores/webhooks.store'
import { startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'

let harness: Harness
let appId: number

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  appId = (await harness.call('apps.list'))[0].id
  setActivePinia(createPinia())
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  setApiClient(null)
  await harness.close()
})

describe('webhooks store', () => {
  it('creates, bulk-deactivates, re-activates and deletes, keeping the list in step', async () => {
    const store = useWebhooksStore()
    await store.load(appId)
    expect(store.webhooks).toEqual([])
    const a = await store.create({
      appId,
      url: 'https://a.example/hook',
      events: ['product.created']
    })
    const b = await store.create({
      appId,
      url: 'https://b.example/hook',
      events: ['order.created']
    })
    expect(store.webhooks.map((webhook) => webhook.name)).toEqual(['a.example', 'b.example'])

    expect(await store.bulk([a.id, b.id], 'deactivate')).toEqual({
      action: 'deactivate',
      affected: 2
    })
    expect(store.webhooks.every((webhook) => !webhook.active)).toBe(true)
    await store.bulk([b.id], 'activate')
    expect(store.webhooks.map((webhook) => webhook.active)).toEqual([false, true])

    await store.bulk([a.id], 'delete')
    expect(store.webhooks.map((webhook) => webhook.id)).toEqual([b.id])
    expect(await harness.call('webhooks.list', { appId })).toHaveLength(1)
  })

  it('surfaces the server error with its field issues and keeps the list intact', async () => {
    const store = useWebhooksStore()
    await store.load(appId)
    const failure = await store
      .create({ appId, url: 'javascript:alert(1)', events: ['product.created'] })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).issueFor('url')).toContain('http or https')
    expect(store.webhooks).toEqual([])
  })

  it('rotates a secret and remembers when the old one expires', async () => {
    const store = useWebhooksStore()
    await store.load(appId)
    const created = await store.create({
      appId,
      url: 'https://a.example/',
      events: ['brand.created']
    })
    const rotated = await store.rotateSecret(created.id)
    expect(rotated.secret).not.toBe(created.secret)
    expect(store.webhooks[0].previousSecretExpiresAt).not.toBeNull()
  })
})

describe('webhooks store: the hold', () => {
  it('holds, counts what waits, discards it with a log entry each, and resumes', async () => {
    const store = useWebhooksStore()
    await store.load(appId)
    const webhook = await store.create({
      appId,
      url: 'https://erp.example/hook',
      events: ['brand.created'],
      ratePerSecond: 2,
      orderedPerRecord: true
    })
    const held = await store.hold(webhook.id)
    expect(held.heldSince).not.toBeNull()
    expect(store.webhooks[0].heldSince).toBe(held.heldSince)
    for (const name of ['Nordwand', 'Bergfux'])
      await harness.call('entities.create', { type: 'brand', data: { name } })
    await store.reload()
    expect(store.webhooks[0].flow.held).toBe(2)

    expect(await store.discardHeld(webhook.id)).toEqual({ webhookId: webhook.id, discarded: 2 })
    expect(store.webhooks[0].flow.held).toBe(0)
    const logs = await harness.call('logs.list', { appId, webhookId: webhook.id })
    expect(logs.items.map((log) => log.errorClass)).toEqual(['discarded', 'discarded'])

    const resumed = await store.resume(webhook.id)
    expect(resumed.heldSince).toBeNull()
    expect(store.webhooks[0]).toMatchObject({ heldSince: null, ratePerSecond: 2 })
  })
})
