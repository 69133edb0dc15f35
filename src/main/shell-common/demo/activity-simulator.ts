import type { EntityDto } from '@shared/dto'
import type { RecordType } from '@shared/entity-catalog'
import type { DemoApi } from './demo-api'
import { DEMO_OPERATORS, DEMO_WAREHOUSES } from './demo-data'
import { demoOrderNumber, orderSequence, shopPrice } from './demo-seed'
import type { DemoRandom } from './seeded-random'

/** One simulated piece of work; returns what it did, for the console. */
type Activity = (api: DemoApi, random: DemoRandom, operatorName: string) => Promise<string>

/** How often each kind of work happens, like a shop's day: prices, stock, orders, the odd launch. */
const ACTIVITIES: ReadonlyArray<{ weight: number; run: Activity }> = [
  { weight: 4, run: changePrice },
  { weight: 4, run: moveStock },
  { weight: 3, run: placeOrder },
  { weight: 3, run: advanceOrder },
  { weight: 1, run: launchProduct },
  { weight: 1, run: adjustSale },
  { weight: 1, run: retireDraftOrCancelledOrder }
]

/** Products the simulator adds carry this SKU prefix; only those are ever deleted. */
const SIMULATED_SKU = 'NW-NEW-'

const ORDER_FLOW: Record<string, string> = { open: 'paid', paid: 'shipped', shipped: 'completed' }

export interface SimulatorOptions {
  /** Pause between two changes (the next starts when the last one is saved). */
  intervalMs: number
  random: DemoRandom
  log?: (line: string) => void
}

/**
 * Edits, creates and deletes records through the API every few seconds while the demo runs, so the
 * dashboard, the live log and the revision history keep moving. One change at a time; a failed
 * change (a full disk, a record someone just deleted) is reported and the next one still comes.
 */
export class ActivitySimulator {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private api: DemoApi | null = null
  private paused = false
  private stopped = false
  changes = 0

  constructor(private readonly options: SimulatorOptions) {}

  start(api: DemoApi, paused = false): void {
    this.api = api
    this.paused = paused
    this.schedule()
  }

  get isPaused(): boolean {
    return this.paused
  }

  setPaused(paused: boolean): void {
    this.paused = paused
    if (!paused) this.schedule()
  }

  /** Waits for a change in progress, so the demo never closes the core under a save. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.running
  }

  /** Makes one change now (tests and the first tick). */
  async step(): Promise<string> {
    if (!this.api) throw new Error('the simulator has not been started')
    const { random } = this.options
    const activity = pickWeighted(ACTIVITIES, random).run
    const line = await activity(this.api, random, random.pick(await colleagues(this.api)))
    this.changes++
    return line
  }

  private schedule(): void {
    if (this.stopped || this.paused || this.timer || this.running) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.paused || this.stopped) return
      this.running = this.step()
        .then((line) => this.options.log?.(`simulator: ${line}`))
        .catch((error: unknown) => this.options.log?.(`simulator: ${(error as Error).message}`))
        .finally(() => {
          this.running = null
          this.schedule()
        })
    }, this.options.intervalMs)
  }
}

/**
 * The people the simulator works as: the demo's operators except the account's own operator
 * (read each time: Settings may rename them), so the revision history tells the operator's own
 * edits, which carry the account's name, from simulated ones.
 */
async function colleagues(api: DemoApi): Promise<readonly string[]> {
  const { operatorName } = await api('account.get', {})
  return DEMO_OPERATORS.filter((name) => name !== operatorName)
}

function pickWeighted<T extends { weight: number }>(items: readonly T[], random: DemoRandom): T {
  let roll = random.next() * items.reduce((sum, item) => sum + item.weight, 0)
  for (const item of items) {
    roll -= item.weight
    if (roll < 0) return item
  }
  return items[items.length - 1]
}

/** A random record of a type from its first 500 (the demo catalog is far smaller). */
async function someRecord(
  api: DemoApi,
  random: DemoRandom,
  type: RecordType,
  where: (record: EntityDto) => boolean = () => true
): Promise<EntityDto | null> {
  const page = await api('entities.list', { type, limit: 500 })
  const candidates = page.items.filter(where)
  return candidates.length === 0 ? null : random.pick(candidates)
}

async function changePrice(
  api: DemoApi,
  random: DemoRandom,
  operatorName: string
): Promise<string> {
  const product = await someRecord(api, random, 'product', (p) => p.fields.status === 'active')
  if (!product) return 'no active product to reprice'
  const price = shopPrice(Number(product.fields.price ?? 50) * (0.9 + random.next() * 0.2))
  await api('entities.update', { type: 'product', id: product.id, data: { price }, operatorName })
  return `${operatorName} repriced ${product.fields.name} to ${price.toFixed(2)}`
}

async function moveStock(api: DemoApi, random: DemoRandom, operatorName: string): Promise<string> {
  const stock = await someRecord(api, random, 'inventory')
  if (!stock) return 'no stock rows to move'
  const before = Number(stock.fields.quantity)
  const restock = before < 5 || random.chance(0.2)
  const quantity = restock ? before + random.int(20, 60) : Math.max(0, before - random.int(1, 4))
  await api('entities.update', {
    type: 'inventory',
    id: stock.id,
    data: { quantity },
    operatorName
  })
  return `${restock ? 'restocked' : 'sold from'} ${stock.fields.warehouse}: ${before} -> ${quantity}`
}

async function placeOrder(api: DemoApi, random: DemoRandom, operatorName: string): Promise<string> {
  const customer = await someRecord(api, random, 'customer')
  if (!customer) return 'no customer to order'
  // Numbers continue after the highest one; a deleted order's number is never reused.
  const orders = await api('entities.list', { type: 'order', limit: 500 })
  const highest = Math.max(0, ...orders.items.map((o) => orderSequence(String(o.fields.number))))
  const number = demoOrderNumber(highest + 1)
  const total = shopPrice(random.int(30, 700))
  await api('entities.create', {
    type: 'order',
    data: { number, customerId: customer.id, total, status: 'open' },
    operatorName
  })
  return `new order ${number} from ${customer.fields.name}, ${total.toFixed(2)}`
}

async function advanceOrder(
  api: DemoApi,
  random: DemoRandom,
  operatorName: string
): Promise<string> {
  const order = await someRecord(api, random, 'order', (o) => String(o.fields.status) in ORDER_FLOW)
  if (!order) return 'no order waiting'
  const status = random.chance(0.05) ? 'cancelled' : ORDER_FLOW[String(order.fields.status)]
  await api('entities.update', { type: 'order', id: order.id, data: { status }, operatorName })
  return `order ${order.fields.number}: ${order.fields.status} -> ${status}`
}

async function launchProduct(
  api: DemoApi,
  random: DemoRandom,
  operatorName: string
): Promise<string> {
  const draft = await someRecord(api, random, 'product', (p) => p.fields.status === 'draft')
  if (draft && random.chance(0.6)) {
    await api('entities.update', {
      type: 'product',
      id: draft.id,
      data: { status: 'active' },
      operatorName
    })
    return `${operatorName} activated ${draft.fields.name}`
  }
  const suffix = random.int(100, 999)
  const brand = await someRecord(api, random, 'brand', (b) => b.fields.name === 'Trailhead')
  const product = await api('entities.create', {
    type: 'product',
    data: {
      brandId: brand?.id,
      name: `Trailhead Ultra ${suffix} ${random.pick(['Women', 'Men'])}`,
      sku: `${SIMULATED_SKU}${Date.now().toString(36)}${suffix}`,
      price: shopPrice(random.int(60, 220)),
      status: 'draft'
    },
    operatorName
  })
  await api('entities.create', {
    type: 'inventory',
    data: {
      productId: product.id,
      warehouse: random.pick(DEMO_WAREHOUSES),
      quantity: random.int(10, 40)
    },
    operatorName
  })
  return `${operatorName} added ${product.fields.name} (draft) with first stock`
}

async function adjustSale(api: DemoApi, random: DemoRandom, operatorName: string): Promise<string> {
  const rule = await someRecord(api, random, 'pricing_rule')
  if (!rule) return 'no sale to adjust'
  const price = shopPrice(Number(rule.fields.price ?? 20) * (0.95 + random.next() * 0.1))
  await api('entities.update', { type: 'pricing_rule', id: rule.id, data: { price }, operatorName })
  return `${operatorName} set ${rule.fields.name} to ${price.toFixed(2)}`
}

/**
 * Deletes happen too: a cancelled order is cleared away, or a draft the simulator added is dropped
 * (its stock rows first: a product with stock cannot be deleted).
 */
async function retireDraftOrCancelledOrder(
  api: DemoApi,
  random: DemoRandom,
  operatorName: string
): Promise<string> {
  const order = await someRecord(api, random, 'order', (o) => o.fields.status === 'cancelled')
  if (order) {
    await api('entities.delete', { type: 'order', id: order.id, operatorName })
    return `deleted cancelled order ${order.fields.number}`
  }
  const draft = await someRecord(
    api,
    random,
    'product',
    (p) => p.fields.status === 'draft' && String(p.fields.sku).startsWith(SIMULATED_SKU)
  )
  if (!draft) return changePrice(api, random, operatorName)
  const stock = await api('entities.list', { type: 'inventory', limit: 500 })
  for (const row of stock.items.filter((r) => r.fields.productId === draft.id))
    await api('entities.delete', { type: 'inventory', id: row.id, operatorName })
  await api('entities.delete', { type: 'product', id: draft.id, operatorName })
  return `${operatorName} dropped the draft ${draft.fields.name} and its stock`
}
