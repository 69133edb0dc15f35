import { createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { startShell, type ShellProcess } from '../support/shell-process'

/**
 * What the demo tells the operator must be true: a busy port names the flag that changes it, a
 * test send right after a rotation verifies at the demo's receiver, and the revision history
 * tells the operator's own edits from the simulator's.
 */
interface ReceiverRecord {
  path: string
  verdict: string
  event: string | null
  webhookId: string | null
}

async function receiverRecords(pageUrl: string): Promise<ReceiverRecord[]> {
  const response = await fetch(`${pageUrl}records`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { records: ReceiverRecord[] }).records
}

function receiverPageOf(demo: ShellProcess): string {
  const match = /Receiver page[^:]*: (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(demo.output().stdout)
  if (!match) throw new Error(`no receiver page line in:\n${demo.output().stdout}`)
  return match[1]
}

const servers: Server[] = []
afterAll(() => servers.forEach((server) => server.close()))

describe('npm run demo tells the truth', () => {
  it('names --receiver-port when the receiver port is taken', async () => {
    const taken = createServer()
    servers.push(taken)
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const { port } = taken.address() as { port: number }
    // The last --receiver-port wins over the harness's own "0".
    await expect(startShell({ demoArgs: ['--receiver-port', String(port)] })).rejects.toThrow(
      new RegExp(`port ${port} is already in use.*--receiver-port`)
    )
  })

  it('verifies a test send made right after a rotation', async () => {
    const demo = await startShell({ demoArgs: ['--paused'] })
    const pageUrl = receiverPageOf(demo)
    const products = (await demo.call('apps.list', {})).find((app) => app.key === 'products')!
    const erp = (await demo.call('webhooks.list', { appId: products.id })).find((webhook) =>
      webhook.url.endsWith('/erp/products')
    )!
    for (let round = 0; round < 2; round++) {
      await demo.call('webhooks.rotateSecret', { id: erp.id })
      const sent = await demo.call('webhooks.test', { id: erp.id })
      expect(sent.ok).toBe(true)
      const records = await receiverRecords(pageUrl)
      const last = records.filter((record) => record.path === '/erp/products').at(-1)
      expect(last, `round ${round}`).toMatchObject({ verdict: 'verified' })
    }
    demo.kill('SIGTERM')
    await demo.waitForExit()
  }, 60_000)

  it("records the operator's edits under the account's operator name, the simulator's under others", async () => {
    const demo = await startShell({ demoArgs: ['--interval', '60'] })
    const { operatorName } = await demo.call('account.get', {})
    const started = Date.now()
    const [product] = (await demo.call('entities.list', { type: 'product', limit: 1 })).items
    // As the UI saves: no operatorName in the call, the account's is recorded.
    await demo.call('entities.update', { type: 'product', id: product.id, data: { price: 12.34 } })

    const since = async () => {
      const { items } = await demo.call('entities.list', { type: 'product', limit: 500 })
      const revisions = await Promise.all(
        items.map((item) => demo.call('entities.revisions', { productId: item.id }))
      )
      return revisions.flat().filter((revision) => Date.parse(revision.createdAt) >= started - 1)
    }
    // Enough simulated product edits that a simulator using the operator's name would show.
    await expect
      .poll(async () => (await since()).length, { timeout: 30_000, interval: 300 })
      .toBeGreaterThanOrEqual(12)
    await demo.call('demo.setPaused', { paused: true })
    const revisions = await since()
    const own = revisions.filter(
      (revision) =>
        revision.productId === product.id &&
        revision.changes.some((change) => change.field === 'price' && change.new === 12.34)
    )
    expect(own.map((revision) => revision.userName)).toEqual([operatorName])
    const simulated = revisions.filter((revision) => !own.includes(revision))
    expect(simulated.filter((revision) => revision.userName === operatorName)).toEqual([])
    expect(new Set(simulated.map((revision) => revision.userName)).size).toBeGreaterThanOrEqual(2)
    demo.kill('SIGTERM')
    await demo.waitForExit()
  }, 60_000)
})
