import { afterAll, beforeAll, describe, it } from 'vitest'
import { eventually, startHarness, type Harness } from '../support/core-harness'
import { expectNeutralized, HOSTILE_PRODUCTS, hostileResponder } from '../support/hostile-csv'
import { startReceiver, type TestReceiver } from '../support/receiver'

let harness: Harness
let receiver: TestReceiver
let appId: number

beforeAll(async () => {
  harness = await startHarness()
  receiver = await startReceiver(hostileResponder)
  appId = (await harness.call('apps.list'))[0].id
  const webhook = await harness.call('webhooks.create', {
    appId,
    url: receiver.url,
    events: ['product.created']
  })
  receiver.secrets.push(webhook.secret)
  for (const [n, name] of HOSTILE_PRODUCTS.entries())
    await harness.call('entities.create', { type: 'product', data: { name, sku: `H-${n}` } })
  await receiver.waitFor(HOSTILE_PRODUCTS.length)
  await eventually(
    async () =>
      (await harness.call('logs.list', { appId })).items.length === HOSTILE_PRODUCTS.length
  )
}, 60_000)

afterAll(async () => {
  await harness?.close()
  await receiver?.close()
})

async function collect(format: 'csv' | 'ndjson'): Promise<string> {
  const checked = await harness.core.logExport.prepareExport({ appId, format })
  let text = ''
  for await (const chunk of harness.core.logExport.exportChunks(checked)) text += chunk
  return text
}

describe('CSV formula injection', () => {
  it('exports hostile response bodies and record values with a leading quote, NDJSON as they are', async () => {
    expectNeutralized(await collect('csv'), await collect('ndjson'))
  })
})
