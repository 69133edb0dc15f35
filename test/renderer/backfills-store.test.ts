import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BackfillDto } from '@shared/backfill'
import { setApiClient } from '../../src/renderer/src/api'
import { useBackfillsStore } from '../../src/renderer/src/stores/backfills.store'
import { startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'

/** The backfills store against a real core (no delivery: rows stay queued, states change by API). */
let harness: Harness
let webhookId: number

beforeEach(async () => {
  harness = await startHarness({ deliver: false })
  const appId = (await harness.call('apps.list'))[0].id
  webhookId = (
    await harness.call('webhooks.create', {
      appId,
      url: 'https://erp.example/hook',
      events: ['brand.updated']
    })
  ).id
  for (const name of ['Alp', 'Borg', 'Cima'])
    await harness.call('entities.create', { type: 'brand', data: { name } })
  setActivePinia(createPinia())
  setApiClient(inProcessClient(harness.core))
})

afterEach(async () => {
  setApiClient(null)
  await harness.close()
})

describe('backfills store', () => {
  it('keeps the newest backfill per webhook through start, pause, resume and cancel', async () => {
    const store = useBackfillsStore()
    const started = await store.start({ webhookId, types: ['brand'] })
    expect(started).toMatchObject({ state: 'running', total: 3 })
    expect(store.forRow(webhookId)?.id).toBe(started.id)
    expect((await store.pause(started.id)).state).toBe('paused')
    expect(store.forRow(webhookId)?.state).toBe('paused')
    expect((await store.resume(started.id)).state).toBe('running')
    await store.cancel(started.id)
    // Ended while watched: the row shows the result until it is put away; the page keeps it.
    expect(store.forRow(webhookId)?.state).toBe('cancelled')
    store.dismiss(started.id)
    expect(store.forRow(webhookId)).toBeNull()
    expect(store.forPage(webhookId)).toBeNull()
  })

  it('shows an ended backfill loaded later on the page only', async () => {
    const { id } = await harness.call('backfills.start', { webhookId, types: ['brand'] })
    await harness.call('backfills.cancel', { id })
    const store = useBackfillsStore()
    await store.load()
    expect(store.forRow(webhookId)).toBeNull()
    expect(store.forPage(webhookId)?.id).toBe(id)
  })

  it('never lets an older reading or a stale push undo a newer one', async () => {
    const store = useBackfillsStore()
    const started = await store.start({ webhookId, types: ['brand'] })
    const at = (ms: number) => new Date(Date.parse(started.updatedAt) + ms).toISOString()
    const push = (fields: Partial<BackfillDto>) => store.receive({ ...started, ...fields })
    push({ fed: 3, delivered: 2, updatedAt: at(10) })
    // A push read before the answer that counted more: the counts never go back.
    push({ fed: 3, delivered: 1, updatedAt: at(10) })
    expect(store.forRow(webhookId)).toMatchObject({ fed: 3, delivered: 2 })
    push({ state: 'paused', updatedAt: at(20) })
    push({ state: 'running', updatedAt: at(15) })
    expect(store.forRow(webhookId)?.state).toBe('paused')
    push({ state: 'finished', fed: 3, delivered: 3, updatedAt: at(30) })
    // An ended backfill never opens again, whatever arrives late.
    push({ state: 'running', updatedAt: at(40) })
    expect(store.forRow(webhookId)).toMatchObject({ state: 'finished', delivered: 3 })
    // A newer backfill of the webhook replaces it; an older one does not come back.
    store.receive({ ...started, id: started.id + 1, state: 'running', fed: 0, delivered: 0 })
    store.receive({ ...started, state: 'cancelled' })
    expect(store.forRow(webhookId)?.id).toBe(started.id + 1)
  })

  it('follows the core’s pushes', async () => {
    const store = useBackfillsStore()
    const stop = harness.core.onPush((event) => {
      if (event.type === 'backfill.progress') store.receive(event.backfill)
    })
    const { id } = await harness.call('backfills.start', { webhookId, types: ['brand'] })
    await harness.call('backfills.pause', { id })
    await expect.poll(() => store.forRow(webhookId)?.state).toBe('paused')
    stop()
  })
})
