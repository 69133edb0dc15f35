import type { EntityDto } from '@shared/dto'
import type { RecordType } from '@shared/entity-catalog'
import type { DemoApi } from './demo-api'
import type { DemoClock } from './demo-clock'
import {
  DEMO_ACCOUNT,
  DEMO_BRANDS,
  DEMO_CATEGORIES,
  DEMO_CURRENCIES,
  DEMO_CUSTOMER_GROUPS,
  DEMO_CUSTOMERS,
  DEMO_LANGUAGES,
  DEMO_OPERATORS,
  DEMO_PAYMENT_TERMS,
  DEMO_PRODUCT_GROUPS,
  DEMO_PRODUCT_LINES,
  DEMO_PROPERTY_GROUPS,
  DEMO_SUPPLIERS,
  DEMO_UNITS,
  DEMO_WAREHOUSES
} from './demo-data'
import type { DemoRandom } from './seeded-random'

const DAY_MS = 86_400_000
export const DEMO_PRODUCT_COUNT = 50
const HISTORY_DAYS = 30

export interface SeedSummary {
  products: number
  revisions: number
  orders: number
  customers: number
  stockRows: number
  pricingRules: number
}

/** A price the way shops write them: 139 -> 139.00, 142.37 -> 141.99. */
export function shopPrice(value: number): number {
  return Math.max(0.99, Math.round(value) - 0.01)
}

/**
 * Fills an empty catalog with Northwind Outdoor's records and a month of history: products
 * created, repriced and activated by three operators, stock in two warehouses, customers and their
 * orders, sale prices. Runs before any webhook exists, so it delivers nothing.
 */
export async function seedDemoCatalog(
  api: DemoApi,
  random: DemoRandom,
  clock: DemoClock
): Promise<SeedSummary> {
  const seeder = new DemoSeeder(api, random, clock)
  try {
    return await seeder.run()
  } finally {
    clock.backToNow()
  }
}

class DemoSeeder {
  private readonly start = Date.now() - HISTORY_DAYS * DAY_MS
  private readonly summary: SeedSummary = {
    products: 0,
    revisions: 0,
    orders: 0,
    customers: 0,
    stockRows: 0,
    pricingRules: 0
  }

  constructor(
    private readonly api: DemoApi,
    private readonly random: DemoRandom,
    private readonly clock: DemoClock
  ) {}

  async run(): Promise<SeedSummary> {
    this.at(0)
    await this.api('account.update', DEMO_ACCOUNT)
    for (const currency of DEMO_CURRENCIES) await this.create('currency', currency)
    for (const unit of DEMO_UNITS) await this.create('unit', unit)
    for (const language of DEMO_LANGUAGES) await this.create('language', language)
    for (const term of DEMO_PAYMENT_TERMS) await this.create('payment_term', term)
    for (const group of DEMO_PRODUCT_GROUPS) await this.create('product_group', group)
    for (const group of DEMO_PROPERTY_GROUPS) {
      const saved = await this.create('property_group', { name: group.name })
      for (const value of group.values)
        await this.create('property', { name: group.name, value, propertyGroupId: saved.id })
    }
    const products = await this.seedProducts()
    await this.seedStock(products)
    await this.seedOrders()
    await this.seedPricingRules(products)
    return this.summary
  }

  /** Moves the clock to `day` days into the history, at a plausible office hour. */
  private at(day: number): void {
    this.clock.travelTo(this.start + day * DAY_MS + this.random.int(8 * 60, 18 * 60) * 60_000)
  }

  private create(
    type: RecordType,
    data: Record<string, unknown>,
    operatorName?: string
  ): Promise<EntityDto> {
    return this.api('entities.create', { type, data, operatorName })
  }

  private async createAll(type: RecordType, rows: readonly object[]): Promise<EntityDto[]> {
    const saved: EntityDto[] = []
    for (const row of rows) saved.push(await this.create(type, { ...row }))
    return saved
  }

  private async seedProducts(): Promise<EntityDto[]> {
    const { random } = this
    const brands = await this.createAll('brand', DEMO_BRANDS)
    const suppliers = await this.createAll('supplier', DEMO_SUPPLIERS)
    const leafCategories = new Map<string, EntityDto>()
    for (const top of DEMO_CATEGORIES) {
      const parent = await this.create('category', { name: top.name })
      for (const child of top.children)
        leafCategories.set(
          child,
          await this.create('category', { name: child, parentId: parent.id })
        )
    }
    const candidates = Object.entries(DEMO_PRODUCT_LINES).flatMap(([category, line]) =>
      line.brands.flatMap((brandName) =>
        line.models.flatMap((model) =>
          line.variants.map((variant) => ({
            category,
            brandName,
            model,
            variant,
            price: line.price
          }))
        )
      )
    )
    const saved: EntityDto[] = []
    for (let index = 0; index < DEMO_PRODUCT_COUNT; index++) {
      const [item] = candidates.splice(random.int(0, candidates.length - 1), 1)
      this.at(random.int(0, 9))
      const brand = brands.find((candidate) => candidate.fields.name === item.brandName)!
      const product = await this.create(
        'product',
        {
          name: [item.brandName, item.model, item.variant].filter(Boolean).join(' '),
          sku: `NW-${item.brandName.slice(0, 3).toUpperCase()}-${1000 + index}`,
          description: `${item.model} from ${item.brandName}, ${item.category.toLowerCase()}.`,
          price: shopPrice(item.price * (0.8 + random.next() * 0.5)),
          status: 'draft',
          brandId: brand.id,
          categoryId: leafCategories.get(item.category)!.id,
          supplierId: random.pick(suppliers).id
        },
        random.pick(DEMO_OPERATORS)
      )
      this.summary.revisions++
      saved.push(await this.seedHistory(product))
    }
    this.summary.products = saved.length
    return saved
  }

  /** A few later edits by other people: activation, repricing, the odd retirement. */
  private async seedHistory(product: EntityDto): Promise<EntityDto> {
    const { random } = this
    let current = product
    const update = async (data: Record<string, unknown>): Promise<void> => {
      current = await this.api('entities.update', {
        type: 'product',
        id: current.id,
        data,
        operatorName: random.pick(DEMO_OPERATORS)
      })
      this.summary.revisions++
    }
    if (random.chance(0.85)) {
      this.at(random.int(10, 14))
      await update({ status: 'active' })
    }
    for (let change = random.int(0, 2); change > 0; change--) {
      this.at(random.int(15, HISTORY_DAYS - 1))
      await update({
        price: shopPrice(Number(current.fields.price) * (0.85 + random.next() * 0.3))
      })
    }
    if (current.fields.status === 'active' && random.chance(0.06)) {
      this.at(HISTORY_DAYS - 2)
      await update({ status: 'archived' })
    }
    return current
  }

  private async seedStock(products: EntityDto[]): Promise<void> {
    this.at(12)
    for (const product of products)
      for (const warehouse of DEMO_WAREHOUSES) {
        const quantity = product.fields.status === 'archived' ? 0 : this.random.int(0, 120)
        await this.create('inventory', { productId: product.id, warehouse, quantity })
        this.summary.stockRows++
      }
  }

  private async seedOrders(): Promise<void> {
    const { random } = this
    const [retail, clubs, wholesale] = await this.createAll('customer_group', DEMO_CUSTOMER_GROUPS)
    const customers: EntityDto[] = []
    for (const name of DEMO_CUSTOMERS) {
      this.at(random.int(0, 20))
      const group = /GmbH|AB$/.test(name) ? wholesale : /Club|DAV/.test(name) ? clubs : retail
      customers.push(
        await this.create('customer', { name, email: emailOf(name), customerGroupId: group.id })
      )
    }
    this.summary.customers = customers.length
    for (let day = 14; day < HISTORY_DAYS; day++)
      for (let count = random.int(1, 3); count > 0; count--) {
        this.at(day)
        await this.create('order', {
          number: demoOrderNumber(this.summary.orders),
          customerId: random.pick(customers).id,
          total: shopPrice(random.int(40, 900)),
          status: orderStatusAfter(HISTORY_DAYS - day, random)
        })
        this.summary.orders++
      }
  }

  private async seedPricingRules(products: EntityDto[]): Promise<void> {
    this.at(HISTORY_DAYS - 5)
    const onSale = products.filter((product) => product.fields.status === 'active').slice(0, 8)
    for (const product of onSale) {
      const now = this.clock.now()
      await this.create('pricing_rule', {
        name: `Winter sale: ${product.fields.name}`,
        productId: product.id,
        price: shopPrice(Number(product.fields.price) * 0.8),
        validFrom: new Date(now).toISOString(),
        validTo: new Date(now + this.random.int(10, 25) * DAY_MS).toISOString()
      })
      this.summary.pricingRules++
    }
  }
}

/** `NW-10001`, `NW-10002`, ...: the simulator continues the sequence. */
export function demoOrderNumber(index: number): string {
  return `NW-${10_001 + index}`
}

/** The index `demoOrderNumber` made a number from; -1 for other numbers. */
export function orderSequence(number: string): number {
  const match = /^NW-(\d+)$/.exec(number)
  return match ? Number(match[1]) - 10_001 : -1
}

function orderStatusAfter(ageDays: number, random: DemoRandom): string {
  if (ageDays > 7) return random.chance(0.1) ? 'cancelled' : 'completed'
  if (ageDays > 3) return 'shipped'
  return ageDays > 1 ? 'paid' : 'open'
}

function emailOf(name: string): string {
  const local = name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^a-z ]/g, '')
    .trim()
    .replace(/ +/g, '.')
  return `${local}@mail.example`
}
