import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asyncApiDocument } from '@shared/asyncapi'
import { eventNames, isEventName, type EventName } from '@shared/entity-catalog'
import type { WebhookDto } from '@shared/dto'
import { examplePayload } from '@shared/sample-payload'
import { startHarness, type Harness } from '../support/core-harness'
import { headersValidator, validatorFor } from '../support/event-validation'
import { startReceiver, type ReceivedRequest, type TestReceiver } from '../support/receiver'

/**
 * Real bodies, delivered by the core to a loopback receiver, checked against the generated
 * schemas: records of many types with references set and null, product revisions, deletes, apps.
 */

let harness: Harness
let receiver: TestReceiver
let delivered: ReceivedRequest[] = []
/** The webhook of the Products app that hears every event. */
let everyEvent: WebhookDto

const errorsOf = (event: EventName, body: unknown): string => {
  const validate = validatorFor(event)
  return validate(body) ? '' : JSON.stringify(validate.errors)
}

/** Real header names are lowercase; the schema spells them as PAYLOADS.md does. */
function namedAsSchema(headers: ReceivedRequest['headers']): Record<string, unknown> {
  const properties = Object.keys(
    (asyncApiDocument().components.schemas.WebhookHeaders.properties ?? {}) as object
  )
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(headers)) {
    const spelled = properties.find((property) => property.toLowerCase() === name) ?? name
    out[spelled] = value
  }
  return out
}

async function create(type: string, data: Record<string, unknown>) {
  return harness.call('entities.create', { type, data })
}

beforeAll(async () => {
  harness = await startHarness()
  receiver = await startReceiver()
  const apps = await harness.call('apps.list')
  for (const [key, events] of [
    ['products', eventNames],
    ['orders', ['order.created', 'product.updated', 'app.created']]
  ] as const) {
    const webhook = await harness.call('webhooks.create', {
      appId: apps.find((app) => app.key === key)!.id,
      url: receiver.url,
      events: [...events]
    })
    receiver.secrets.push(webhook.secret)
    if (key === 'products') everyEvent = webhook
  }
  await harness.call('account.update', { name: 'Zürich Outdoor AG', operatorName: 'Jane Doe' })

  // Catalog: references set and null, every field kind.
  const brand = await create('brand', { name: 'Nordlicht', website: 'https://nordlicht.example' })
  const supplier = await create('supplier', { name: 'Alp Supply', email: 'ops@alp.example' })
  const root = await create('category', { name: 'Outdoor' })
  const shoes = await create('category', { name: 'Shoes', parentId: root.id })
  const product = await create('product', {
    name: 'Trail Runner',
    sku: 'TR-1',
    price: 129.9,
    status: 'draft',
    brandId: brand.id,
    categoryId: shoes.id,
    supplierId: supplier.id
  })
  await harness.call('entities.update', {
    type: 'product',
    id: product.id,
    data: { price: 119.9, status: 'active', supplierId: null, description: 'Grippy' }
  })
  const bare = await create('product', { name: 'Bare', sku: 'BARE-1' })
  const group = await create('property_group', { name: 'Material' })
  await create('property', { name: 'Upper', value: 'Mesh', propertyGroupId: group.id })
  await create('media', { name: 'Hero', url: 'https://cdn.example/hero.jpg', altText: 'Shoe' })
  await create('file', { name: 'Sheet', mimeType: 'application/pdf', size: 2048 })
  await create('product_group', { name: 'Runners' })

  // Commercial and inventory.
  const customerGroup = await create('customer_group', { name: 'Retail' })
  const customer = await create('customer', {
    name: 'Ann',
    email: 'ann@example.com',
    customerGroupId: customerGroup.id
  })
  const order = await create('order', {
    number: 'SO-1',
    customerId: customer.id,
    total: 119.9,
    status: 'paid'
  })
  await create('order', { number: 'SO-2' })
  const rule = await create('pricing_rule', {
    name: 'Summer',
    productId: product.id,
    price: 99,
    validFrom: '2026-06-01T00:00:00+02:00',
    validTo: '2026-08-31T23:59:59.5Z'
  })
  await create('payment_term', { name: 'Net 30', days: 30 })
  await create('currency', { name: 'Swiss franc', isoCode: 'CHF', symbol: 'Fr.' })
  await create('unit', { name: 'Piece', symbol: 'pc' })
  await create('language', { name: 'German', locale: 'de-CH' })
  const stock = await create('inventory', {
    productId: product.id,
    warehouse: 'Zürich',
    quantity: 40
  })
  await harness.call('entities.update', {
    type: 'inventory',
    id: stock.id,
    data: { quantity: 39 }
  })

  // Deletes, with every field still there.
  await harness.call('entities.delete', { type: 'inventory', id: stock.id })
  await harness.call('entities.delete', { type: 'pricing_rule', id: rule.id })
  await harness.call('entities.delete', { type: 'order', id: order.id })
  await harness.call('entities.delete', { type: 'product', id: product.id })
  await harness.call('entities.delete', { type: 'product', id: bare.id })
  await harness.call('entities.delete', { type: 'brand', id: brand.id })

  // Apps.
  const returns = await harness.call('apps.create', { name: 'Returns' })
  await harness.call('apps.update', { id: returns.id, name: 'Returns & repairs' })
  await harness.call('apps.delete', { id: returns.id })

  // 32 events to the first webhook; order.created x2, product.updated, app.created to the second.
  delivered = await receiver.waitFor(36)
})

afterAll(async () => {
  await harness?.close()
  await receiver?.close()
})

describe('real deliveries match the generated schemas', () => {
  it('every delivered body validates against the schema of its event, and its headers too', () => {
    const validateHeaders = headersValidator()
    for (const request of delivered) {
      expect(request.standardSignatureValid).toBe(true)
      const event = request.json.event as string
      expect(isEventName(event), event).toBe(true)
      expect(errorsOf(event as EventName, request.json), event).toBe('')
      expect(validateHeaders(namedAsSchema(request.headers)), event).toBe(true)
    }
    const seen = new Set(delivered.map((request) => request.json.event))
    for (const event of [
      'product.created',
      'product.updated',
      'product.deleted',
      'category.created',
      'order.created',
      'order.deleted',
      'pricing_rule.created',
      'inventory.updated',
      'inventory.deleted',
      'brand.deleted',
      'app.created',
      'app.updated',
      'app.deleted'
    ])
      expect(seen, event).toContain(event)
  })

  it('covers references set and null and the product revision', () => {
    const bodies = delivered.map(
      (request) => request.json as Record<string, Record<string, unknown>>
    )
    const updated = bodies.find((body) => String(body.event) === 'product.updated')!
    expect(updated.product.supplier).toBeNull()
    expect(updated.product.brand).toMatchObject({ id: expect.any(Number) })
    expect(updated.revision.changes).toContainEqual({ field: 'supplierId', old: 1, new: null })
    const orders = bodies.filter((body) => String(body.event) === 'order.created')
    expect(orders.map((body) => body.order.customer === null)).toContain(true)
    expect(orders.map((body) => body.order.customer === null)).toContain(false)
  })

  it('a tampered real body fails: an extra key, a wrong type, a null where a value is required', () => {
    const real = delivered.find((request) => request.json.event === 'product.updated')!
    const event: EventName = 'product.updated'
    expect(errorsOf(event, JSON.parse(real.body))).toBe('')
    const extra = JSON.parse(real.body) as Record<string, Record<string, unknown>>
    extra.product.color = 'red'
    expect(errorsOf(event, extra)).toContain('additionalProperties')
    const wrongType = JSON.parse(real.body) as Record<string, Record<string, unknown>>
    wrongType.product.price = '119.90'
    expect(errorsOf(event, wrongType)).toContain('/product/price')
    const stock = delivered.find((request) => request.json.event === 'inventory.updated')!
    const noProduct = JSON.parse(stock.body) as Record<string, Record<string, unknown>>
    noProduct.inventory.product = null
    expect(errorsOf('inventory.updated', noProduct)).toContain('/inventory/product')
  })

  it('a test send of every event delivers exactly its example, which validates', async () => {
    const webhook = everyEvent
    const account = await harness.call('account.get')
    const app = (await harness.call('apps.list')).find(
      (candidate) => candidate.id === webhook.appId
    )!
    const before = receiver.requests.length
    for (const event of eventNames) await harness.call('webhooks.test', { id: webhook.id, event })
    const tests = (await receiver.waitFor(before + eventNames.length)).slice(before)
    for (const [index, request] of tests.entries()) {
      const event = eventNames[index]
      const body = request.json as Record<string, Record<string, string>>
      const key = Object.keys(body)[5]
      const example = examplePayload(event, {
        occurredAt: Date.parse(body[key].createdAt),
        account,
        app,
        webhook,
        userName: account.operatorName
      })
      expect(request.body).toBe(JSON.stringify(example))
      expect(errorsOf(event, body)).toBe('')
    }
  })
})

describe('catalog.asyncapi', () => {
  it('answers the AsyncAPI document and refuses any input', async () => {
    const document = await harness.call('catalog.asyncapi')
    expect(document).toEqual(asyncApiDocument())
    expect(document.asyncapi).toBe('3.0.0')
    expect(Object.keys(document.channels)).toHaveLength(eventNames.length)
    const error = await harness.fail('catalog.asyncapi', { format: 'yaml' })
    expect(error.code).toBe('invalid_argument')
  })
})
