import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { setApiClient } from '../../src/renderer/src/api'
import { LOG_PAGE_SIZE, useLogsStore } from '../../src/renderer/src/stores/logs.store'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { inProcessClient } from './in-process-client'
import { startReceiver, type TestReceiver } from '../support/receiver'

let harness: Harness
let receiver: TestReceiver
let appId: number
let unsubscribe: () => void

async function logCount(): Promise<number> {
  const [{ n }] = await harness.core.db('webhook_logs').count({ n: '*' })
  return Number(n)
}

beforeEach(async () => {
  harness = await startHarness({ retrySchedule: [] })
  // Brands whose name ends in "!" are refused, for the status filter.
  receiver = await startReceiver((request, _req, res) => {
    const name = (request.json.brand as { name?: string } | undefined)?.name ?? ''
    res.statusCode = name.endsWith('!') ? 503 : 200
    res.end()
  })
  appId = (await harness.call('apps.list'))[0].id
  await harness.call('webhooks.create', { appId, url: receiver.url, events: ['brand.created'] })
  setActivePinia(createPinia())
  setApiClient(inProcessClient(harness.core))
  const logs = useLogsStore()
  unsubscribe = harness.core.onPush((event) => {
    if (event.type === 'log.created') logs.receive(event.log)
  })
})

afterEach(async () => {
  unsubscribe()
  setApiClient(null)
  await harness.close()
  await receiver.close()
})

async function createBrands(names: string[]): Promise<void> {
  const before = await logCount()
  for (const name of names) await harness.call('entities.create', { type: 'brand', data: { name } })
  await eventually(async () => (await logCount()) === before + names.length)
}

describe('logs store', () => {
  it('walks keyset pages older and newer without losing its place', async () => {
    await createBrands(Array.from({ length: LOG_PAGE_SIZE * 2 + 5 }, (_, n) => `Brand ${n}`))
    const logs = useLogsStore()
    await logs.open(appId)
    const first = logs.items.map((item) => item.id)
    expect(first).toHaveLength(LOG_PAGE_SIZE)
    expect(logs.onFirstPage).toBe(true)

    await logs.older()
    const second = logs.items.map((item) => item.id)
    expect(logs.pageNumber).toBe(2)
    expect(Math.max(...second)).toBe(Math.min(...first) - 1)
    await logs.older()
    expect(logs.items).toHaveLength(5)
    expect(logs.nextCursor).toBeNull()

    await logs.newer()
    expect(logs.items.map((item) => item.id)).toEqual(second)
    await logs.newer()
    expect(logs.items.map((item) => item.id)).toEqual(first)
    expect(logs.onFirstPage).toBe(true)
  })

  it('filters by status class and shows pushed rows only when they match', async () => {
    await createBrands(['Fine', 'Refused!', 'Also fine'])
    const logs = useLogsStore()
    await logs.open(appId, { status: 'failure' })
    expect(logs.items.map((item) => item.responseStatus)).toEqual([503])

    await createBrands(['Good', 'Bad!'])
    await eventually(async () => logs.items.length === 2)
    expect(logs.items.map((item) => item.responseStatus)).toEqual([503, 503])
    expect(logs.freshIds.size).toBe(1)

    await logs.setFilter({})
    expect(logs.items).toHaveLength(5)
  })

  it('leaves older pages alone when new rows arrive', async () => {
    await createBrands(Array.from({ length: LOG_PAGE_SIZE + 3 }, (_, n) => `B${n}`))
    const logs = useLogsStore()
    await logs.open(appId)
    await logs.older()
    const page = logs.items.map((item) => item.id)
    await createBrands(['Late arrival'])
    expect(logs.items.map((item) => item.id)).toEqual(page)
    await logs.first()
    expect(logs.items[0].event).toBe('brand.created')
    expect(logs.items).toHaveLength(LOG_PAGE_SIZE)
  })

  it('loads a detail and redelivers it', async () => {
    await createBrands(['Refused!'])
    const logs = useLogsStore()
    await logs.open(appId)
    await logs.openDetail(logs.items[0].id)
    expect(logs.detail).toMatchObject({ responseStatus: 503, event: 'brand.created' })
    receiver.respond = (_request, _req, res) => void res.end('ok now')
    const redelivered = await logs.redeliver(logs.items[0].id)
    expect(redelivered).toMatchObject({ responseStatus: 200, responseBody: 'ok now' })
    expect(logs.detail?.delivery?.status).toBe('succeeded')
  })
})
