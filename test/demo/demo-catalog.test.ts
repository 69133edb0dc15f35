import { afterEach, describe, expect, it } from 'vitest'
import { eventCatalog } from '@shared/entity-catalog'
import { ActivitySimulator } from '../../src/main/shell-common/demo/activity-simulator'
import { demoApi, type DemoApi } from '../../src/main/shell-common/demo/demo-api'
import { DemoClock } from '../../src/main/shell-common/demo/demo-clock'
import { DEMO_OPERATORS } from '../../src/main/shell-common/demo/demo-data'
import { seedDemoCatalog } from '../../src/main/shell-common/demo/demo-seed'
import { seededRandom } from '../../src/main/shell-common/demo/seeded-random'
import { startHarness, type Harness } from '../support/core-harness'
import { startReceiver } from '../support/receiver'

const DAY_MS = 86_400_000
const harnesses: Harness[] = []
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close()
})

async function seededCore(seed = 7): Promise<{ harness: Harness; api: DemoApi; clock: DemoClock }> {
  const clock = new DemoClock()
  const harness = await startHarness({ clock, database: ':memory:' })
  harnesses.push(harness)
  const api = demoApi(harness.core.call)
  await seedDemoCatalog(api, seededRandom(seed), clock)
  return { harness, api, clock }
}

describe('the demo catalog', () => {
  it('is the same business for the same seed, with a month of history by three operators', async () => {
    const first = await seededCore()
    const second = await seededCore()
    const catalog = async (api: DemoApi) =>
      (await api('entities.list', { type: 'product', limit: 500 })).items.map((product) => [
        product.fields.name,
        product.fields.sku,
        product.fields.price,
        product.fields.status
      ])
    expect(await catalog(first.api)).toEqual(await catalog(second.api))
    expect((await catalog(first.api)).length).toBe(50)

    const products = await first.api('entities.list', { type: 'product', limit: 500 })
    const revisions = (
      await Promise.all(
        products.items.map((product) => first.api('entities.revisions', { productId: product.id }))
      )
    ).flat()
    expect(new Set(revisions.map((revision) => revision.userName))).toEqual(new Set(DEMO_OPERATORS))
    const stamps = revisions.map((revision) => Date.parse(revision.createdAt))
    expect(Math.min(...stamps)).toBeGreaterThan(Date.now() - 31 * DAY_MS)
    expect(Math.min(...stamps)).toBeLessThan(Date.now() - 20 * DAY_MS)
    expect(Math.max(...stamps)).toBeLessThanOrEqual(Date.now())
    // The clock is back at the present once seeding is done.
    expect(Math.abs(first.clock.now() - Date.now())).toBeLessThan(1_000)

    const stock = await first.api('entities.list', { type: 'inventory', limit: 500 })
    expect(stock.total).toBe(100)
    const orders = await first.api('entities.list', { type: 'order', limit: 500 })
    for (const order of orders.items) {
      const ageDays = (Date.now() - Date.parse(order.createdAt)) / DAY_MS
      if (order.fields.status === 'open') expect(ageDays).toBeLessThan(3)
      if (ageDays > 9) expect(['completed', 'cancelled']).toContain(order.fields.status)
    }
  })

  it('puts the clock back even when seeding fails half-way', async () => {
    const clock = new DemoClock()
    const harness = await startHarness({ clock, database: ':memory:' })
    harnesses.push(harness)
    const api = demoApi(harness.core.call)
    let saves = 0
    const failing: DemoApi = async (method, input) => {
      if (method === 'entities.create' && ++saves === 20) throw new Error('disk full')
      return api(method, input)
    }
    await expect(seedDemoCatalog(failing, seededRandom(1), clock)).rejects.toThrow('disk full')
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1_000)
  })
})

describe('the activity simulator', () => {
  it('creates, updates and deletes records of several kinds, each delivered as its event', async () => {
    const { api } = await seededCore()
    const receiver = await startReceiver()
    try {
      const app = (await api('apps.list', {}))[0]
      const all = eventCatalog().flatMap((group) => group.events.map((event) => event.name))
      const webhook = await api('webhooks.create', {
        appId: app.id,
        url: receiver.url,
        events: all
      })
      receiver.secrets.push(webhook.secret)
      const simulator = new ActivitySimulator({ intervalMs: 60_000, random: seededRandom(3) })
      simulator.start(api, true)
      const lines: string[] = []
      for (let step = 0; step < 80; step++) lines.push(await simulator.step())
      expect(simulator.changes).toBe(80)

      const requests = await receiver.waitFor(80)
      expect(requests.every((request) => request.standardSignatureValid)).toBe(true)
      const events = new Set(requests.map((request) => String(request.json.event)))
      for (const expected of [
        'product.updated',
        'inventory.updated',
        'order.created',
        'order.updated',
        'pricing_rule.updated'
      ])
        expect(events, lines.join('\n')).toContain(expected)
      const actions = new Set([...events].map((event) => event.split('.')[1]))
      expect(actions, lines.join('\n')).toEqual(new Set(['created', 'updated', 'deleted']))
      const names = requests
        .map((request) => (request.json.revision as { user_name?: string } | undefined)?.user_name)
        .filter(Boolean)
      expect(new Set(names).size).toBeGreaterThanOrEqual(2)
      await simulator.stop()
    } finally {
      await receiver.close()
    }
  })
})
