/**
 * Real webhook deliveries for docs/PAYLOADS.md: one event per event family, produced by a real
 * core on a temp SQLite file and received by a real HTTP receiver on 127.0.0.1. The receiver docs
 * test (test/core/receiver-docs.test.ts) runs the same scenario and compares the document with it;
 * `node scripts/print-payload-examples.mjs` prints the bodies and headers to paste into the document.
 */
import type { IncomingHttpHeaders } from 'node:http'
import type { EventGroup, EventName } from '@shared/entity-catalog'
import { startHarness, type Harness } from '../test/support/core-harness'
import { startReceiver, type TestReceiver } from '../test/support/receiver'

/** The event each family's example shows. */
export const FAMILY_EXAMPLE_EVENTS: Record<EventGroup, EventName> = {
  Catalog: 'product.updated',
  Commercial: 'order.created',
  Inventory: 'inventory.updated',
  App: 'app.created'
}

export interface CapturedDelivery {
  event: EventName
  /** The raw request body as received (valid UTF-8, so this string is the exact bytes). */
  body: string
  headers: IncomingHttpHeaders
  /** The secret of the webhook that received it, exactly as the app shows it. */
  secret: string
  webhookId: number
}

/** Which app's webhook receives each family's example event. */
const FAMILY_APPS: Record<EventGroup, string> = {
  Catalog: 'products',
  Commercial: 'orders',
  Inventory: 'inventory',
  App: 'products'
}

/**
 * Subscribes one webhook per family (each to its example event only), then makes the records
 * change so that each webhook gets exactly one delivery. Non-ASCII text is deliberate: signatures
 * are over UTF-8 bytes, and verifiers that hash a re-encoded string get it wrong.
 */
export async function runFamilyScenario(
  harness: Harness,
  receiver: TestReceiver
): Promise<Record<EventGroup, CapturedDelivery>> {
  await harness.call('account.update', { name: 'Acme Outdoor', operatorName: 'Jane Doe' })
  const apps = await harness.call('apps.list')
  const webhooks = new Map<EventName, { id: number; secret: string }>()
  for (const [family, event] of Object.entries(FAMILY_EXAMPLE_EVENTS) as [
    EventGroup,
    EventName
  ][]) {
    const app = apps.find((candidate) => candidate.key === FAMILY_APPS[family])!
    const webhook = await harness.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      name: `${family} receiver`,
      events: [event]
    })
    receiver.secrets.push(webhook.secret)
    webhooks.set(event, { id: webhook.id, secret: webhook.secret })
  }

  // Catalog: a product with a brand and a category, then a price and status change.
  const brand = await harness.call('entities.create', {
    type: 'brand',
    data: { name: 'Bergläufer', website: 'https://bergläufer.example' }
  })
  const category = await harness.call('entities.create', {
    type: 'category',
    data: { name: 'Trail running shoes' }
  })
  const product = await harness.call('entities.create', {
    type: 'product',
    data: {
      name: 'Trail Runner 2',
      sku: 'TR2-42',
      description: 'Grippy outsole, 8 mm drop.',
      price: 129.9,
      status: 'draft',
      brandId: brand.id,
      categoryId: category.id
    }
  })
  await harness.call('entities.update', {
    type: 'product',
    id: product.id,
    data: { price: 119.9, status: 'active' }
  })

  // Commercial: an order for a customer in a customer group.
  const group = await harness.call('entities.create', {
    type: 'customer_group',
    data: { name: 'Retail' }
  })
  const customer = await harness.call('entities.create', {
    type: 'customer',
    data: { name: 'Zoë Müller', email: 'zoe@example.com', customerGroupId: group.id }
  })
  await harness.call('entities.create', {
    type: 'order',
    data: { number: 'SO-1001', customerId: customer.id, total: 119.9, status: 'paid' }
  })

  // Inventory: stock of the product in a warehouse, then one unit sold.
  const stock = await harness.call('entities.create', {
    type: 'inventory',
    data: { productId: product.id, warehouse: 'Zürich', quantity: 40 }
  })
  await harness.call('entities.update', {
    type: 'inventory',
    id: stock.id,
    data: { quantity: 39 }
  })

  // App: an app added by the operator.
  await harness.call('apps.create', { name: 'Returns' })

  const count = Object.keys(FAMILY_EXAMPLE_EVENTS).length
  const requests = await receiver.waitFor(count)
  const captured = {} as Record<EventGroup, CapturedDelivery>
  for (const [family, event] of Object.entries(FAMILY_EXAMPLE_EVENTS) as [
    EventGroup,
    EventName
  ][]) {
    const request = requests.find((candidate) => candidate.headers['x-webhook-event'] === event)
    if (!request) throw new Error(`no delivery of ${event} arrived`)
    const webhook = webhooks.get(event)!
    captured[family] = {
      event,
      body: request.body,
      headers: request.headers,
      secret: webhook.secret,
      webhookId: webhook.id
    }
  }
  return captured
}

/** Runs the scenario on a fresh core and receiver and prints what arrived, for the document. */
export async function main(): Promise<void> {
  const harness = await startHarness()
  const receiver = await startReceiver()
  try {
    const captured = await runFamilyScenario(harness, receiver)
    for (const [family, delivery] of Object.entries(captured)) {
      console.log(`<!-- example:${family} -->\n`)
      console.log('```json')
      console.log(JSON.stringify(JSON.parse(delivery.body), null, 2))
      console.log('```\n')
    }
    const headers = captured.Catalog.headers
    console.log('Headers of the Catalog example:\n')
    console.log('```http')
    for (const [name, value] of Object.entries(headers)) console.log(`${name}: ${String(value)}`)
    console.log('```')
  } finally {
    await receiver.close()
    await harness.close()
  }
}
