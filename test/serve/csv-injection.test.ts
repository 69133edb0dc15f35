import { afterAll, beforeAll, describe, it } from 'vitest'
import { eventually } from '../support/core-harness'
import { expectNeutralized, HOSTILE_PRODUCTS, hostileResponder } from '../support/hostile-csv'
import { startReceiver, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'
import { jsonHeaders, productsApp } from './http-helpers'

let shell: ShellProcess
let receiver: TestReceiver
let appId: number

beforeAll(async () => {
  receiver = await startReceiver(hostileResponder)
  shell = await startShell()
  appId = (await productsApp(shell)).id
  await shell.call('webhooks.create', { appId, url: receiver.url, events: ['product.created'] })
  for (const [n, name] of HOSTILE_PRODUCTS.entries())
    await shell.call('entities.create', { type: 'product', data: { name, sku: `H-${n}` } })
  await receiver.waitFor(HOSTILE_PRODUCTS.length)
  await eventually(
    async () => (await shell.call('logs.list', { appId })).items.length === HOSTILE_PRODUCTS.length
  )
}, 60_000)

afterAll(async () => {
  shell?.kill('SIGTERM')
  await shell?.waitForExit()
  await receiver?.close()
})

/** A ticket for the bearer token, then the download a browser would make. */
async function download(format: 'csv' | 'ndjson'): Promise<string> {
  const answer = await fetch(`${shell.baseUrl}/api/export/ticket`, {
    method: 'POST',
    headers: jsonHeaders(shell),
    body: JSON.stringify({ appId, format })
  })
  const { data } = (await answer.json()) as { data: { ticket: string } }
  return (await fetch(`${shell.baseUrl}/api/export?ticket=${data.ticket}`)).text()
}

describe('CSV formula injection through the headless shell', () => {
  it('downloads hostile response bodies with a leading quote, NDJSON as they are', async () => {
    expectNeutralized(await download('csv'), await download('ndjson'))
  })
})
