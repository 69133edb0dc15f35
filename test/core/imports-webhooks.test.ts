import { expect, it } from 'vitest'
import { quietPeriod } from '../support/core-harness'
import { csvText, runImport, stage } from '../support/imports'
import { hook, receiverWith, setup } from '../support/semantics-rig'

// Runs on SQLite here and on PostgreSQL in the postgres project.
it('an import is a save like any other: one signed delivery per created record, none for unchanged rows', async () => {
  const { harness, byKey } = await setup({ importBatchSize: 2 })
  const receiver = await receiverWith()
  await hook(harness, receiver, byKey('products').id, ['product.created'])
  // A field-level subscription: only price changes of updated products.
  const priceReceiver = await receiverWith()
  const priced = await harness.call('webhooks.create', {
    appId: byKey('products').id,
    url: priceReceiver.url,
    events: ['product.updated'],
    filters: { 'product.updated': { fields: ['price'] } }
  })
  priceReceiver.secrets.push(priced.secret)

  const rows = [
    ['externalId', 'name', 'sku', 'price'],
    ['P-1', 'Boot', 'S-1', '1'],
    ['P-2', 'Sandal', 'S-2', '2'],
    ['P-3', 'Clog', 'S-3', '3'],
    ['P-4', '', 'S-4', '4'] // refused: no event
  ]
  const mapping = { externalId: 'externalId', name: 'name', sku: 'sku', price: 'price' }
  const first = await stage(harness, 'first.csv', csvText(rows))
  expect(
    await runImport(harness, { uploadId: first.uploadId, type: 'product', mapping })
  ).toMatchObject({ created: 3, refused: 1 })
  const created = await receiver.waitFor(3)
  expect(
    created.map((request) => (request.json.product as { externalId: string }).externalId).sort()
  ).toEqual(['P-1', 'P-2', 'P-3'])
  for (const request of created) {
    expect(request.json.event).toBe('product.created')
    expect(request.standardSignatureValid).toBe(true)
    expect(request.hexSignatureValid).toBe(true)
  }
  expect(new Set(created.map((request) => request.headers['webhook-id'])).size).toBe(3)

  // The same file again: nothing changed, nothing sent. Then a name change (not watched) and a
  // price change (watched): one delivery to the price webhook.
  const same = await stage(harness, 'same.csv', csvText(rows))
  expect(
    await runImport(harness, { uploadId: same.uploadId, type: 'product', mapping })
  ).toMatchObject({ created: 0, updated: 0, unchanged: 3 })
  rows[1][1] = 'Renamed boot'
  rows[2][3] = '2.5'
  const changed = await stage(harness, 'changed.csv', csvText(rows))
  expect(
    await runImport(harness, { uploadId: changed.uploadId, type: 'product', mapping })
  ).toMatchObject({ updated: 2, unchanged: 1 })
  const [update] = await priceReceiver.waitFor(1)
  expect(update.json).toMatchObject({
    event: 'product.updated',
    product: { externalId: 'P-2', price: 2.5 }
  })
  expect(update.standardSignatureValid).toBe(true)
  await quietPeriod()
  expect(receiver.requests).toHaveLength(3)
  expect(priceReceiver.requests).toHaveLength(1)
})
