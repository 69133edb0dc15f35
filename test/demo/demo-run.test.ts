import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ApiOutput } from '@shared/api-contract'
import { tempDir as makeTempDir, quietPeriod } from '../support/core-harness'
import { startShell, type ShellProcess } from '../support/shell-process'
import { rawRequest } from '../serve/http-helpers'

const folders: string[] = []
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })))
function tempDir(prefix: string): string {
  const folder = makeTempDir(prefix)
  folders.push(folder)
  return folder
}

interface ReceiverRecord {
  path: string
  verdict: string
  event: string | null
  webhookId: string | null
  duplicate: boolean
  answeredStatus: number
}

/** What the demo's receiver recorded, from its own JSON endpoint. */
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

async function appWebhooks(demo: ShellProcess, key: string): Promise<ApiOutput<'webhooks.list'>> {
  const app = (await demo.call('apps.list', {})).find((candidate) => candidate.key === key)!
  return demo.call('webhooks.list', { appId: app.id })
}

describe('npm run demo', () => {
  it('seeds a business, delivers verified webhooks, retries failures and disables the 410 one', async () => {
    const demo = await startShell({ demoArgs: ['--interval', '150'] })
    const pageUrl = receiverPageOf(demo)
    expect(demo.output().stdout).toMatch(/Seeded Northwind Outdoor: 50 products/)

    const status = await demo.call('demo.status', {})
    expect(status).toMatchObject({ active: true, receiverPageUrl: pageUrl, simulator: 'running' })

    // The catalog has a history: revisions by more than one operator, stamped in the past.
    const products = await demo.call('entities.list', { type: 'product', limit: 500 })
    expect(products.total).toBeGreaterThanOrEqual(50)
    const revisions = (
      await Promise.all(
        products.items
          .slice(0, 10)
          .map((product) => demo.call('entities.revisions', { productId: product.id }))
      )
    ).flat()
    expect(new Set(revisions.map((revision) => revision.userName)).size).toBeGreaterThanOrEqual(2)
    const oldest = Math.min(...revisions.map((revision) => Date.parse(revision.createdAt)))
    expect(Date.now() - oldest).toBeGreaterThan(7 * 86_400_000)
    for (const type of ['order', 'inventory', 'customer', 'pricing_rule', 'currency'] as const)
      expect((await demo.call('entities.list', { type, limit: 1 })).total).toBeGreaterThan(0)

    // Deliveries arrive, and every one of them verifies against the webhook's secret.
    await expect
      .poll(async () => (await receiverRecords(pageUrl)).length, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(30)
    const records = await receiverRecords(pageUrl)
    expect(records.filter((record) => record.verdict !== 'verified')).toEqual([])
    expect(new Set(records.map((record) => record.path)).size).toBeGreaterThanOrEqual(4)
    // The demo's receiver keeps the headless shell's Host rule: a rebound name reads nothing.
    const { port, pathname } = new URL(pageUrl)
    const rebound = await rawRequest(Number(port), {
      method: 'GET',
      path: `${pathname}records`,
      headers: { host: `evil.example:${port}` }
    })
    expect(rebound.status).toBe(403)

    // The 410 receiver gets its webhook disabled at the first answer.
    await expect
      .poll(
        async () =>
          (await appWebhooks(demo, 'inventory')).find((webhook) =>
            webhook.url.endsWith('/legacy/stock')
          ),
        { timeout: 30_000 }
      )
      .toMatchObject({ active: false, disabledReason: expect.stringMatching(/410/) })

    // A failed delivery is retried with the same webhook-id and gets through.
    await expect
      .poll(
        async () =>
          (await receiverRecords(pageUrl)).some(
            (record) => record.duplicate && record.answeredStatus === 200
          ),
        { timeout: 40_000, interval: 500 }
      )
      .toBe(true)
    const productsApp = (await demo.call('apps.list', {})).find((app) => app.key === 'products')!
    const messages = await demo.call('logs.messages', { appId: productsApp.id, limit: 200 })
    expect(messages.items.some((message) => message.attempts >= 2)).toBe(true)

    // Pausing from the app stops the changes; resuming starts them again.
    const paused = await demo.call('demo.setPaused', { paused: true })
    expect(paused.simulator).toBe('paused')
    await quietPeriod(600) // a change already under way when the pause came may still finish
    const settled = (await demo.call('demo.status', {})).simulatedChanges
    await quietPeriod(900) // six intervals: a running simulator would have made changes
    expect((await demo.call('demo.status', {})).simulatedChanges).toBe(settled)
    await demo.call('demo.setPaused', { paused: false })
    await expect
      .poll(async () => (await demo.call('demo.status', {})).simulatedChanges)
      .toBeGreaterThan(settled!)

    demo.kill('SIGTERM')
    expect(await demo.waitForExit()).toEqual({ code: 0, signal: null })
  }, 120_000)

  it('restarts on its own data without seeding twice, re-pointing its webhooks; --reset starts afresh', async () => {
    const dataDir = tempDir('pim-demo-')
    const first = await startShell({ dataDir, demoArgs: ['--paused'] })
    const firstPage = receiverPageOf(first)
    first.kill('SIGTERM')
    await first.waitForExit()

    const again = await startShell({ dataDir, demoArgs: ['--paused'] })
    expect(again.output().stdout).not.toMatch(/Seeded/)
    const page = receiverPageOf(again)
    expect((await again.call('entities.list', { type: 'product', limit: 1 })).total).toBe(50)
    const webhooks = await appWebhooks(again, 'orders')
    expect(webhooks.length).toBeGreaterThan(0)
    for (const webhook of webhooks)
      expect(webhook.url.startsWith(page.replace('/_receiver/', '/'))).toBe(true)
    if (page !== firstPage) expect(webhooks[0].url).not.toContain(new URL(firstPage).host)

    // The receiver learnt the stored secrets again: a change made now still verifies.
    const [order] = (await again.call('entities.list', { type: 'order', limit: 1 })).items
    await again.call('entities.update', { type: 'order', id: order.id, data: { total: 12.34 } })
    await expect
      .poll(async () => (await receiverRecords(page)).filter((r) => r.event === 'order.updated'))
      .toEqual([expect.objectContaining({ verdict: 'verified' })])
    await again.call('entities.create', { type: 'brand', data: { name: 'Only before the reset' } })
    again.kill('SIGTERM')
    await again.waitForExit()

    const reset = await startShell({ dataDir, demoArgs: ['--paused', '--reset'] })
    expect(reset.output().stdout).toMatch(/Seeded Northwind Outdoor/)
    const brands = await reset.call('entities.list', { type: 'brand', limit: 100 })
    expect(brands.items.map((brand) => brand.fields.name)).not.toContain('Only before the reset')
    reset.kill('SIGTERM')
    await reset.waitForExit()
  }, 90_000)

  it('refuses a folder that is not its own, and bad flags, with a clear message', async () => {
    const notDemo = join(tempDir('pim-real-'), 'data')
    mkdirSync(notDemo)
    writeFileSync(join(notDemo, 'pim.sqlite'), 'an operator database')
    await expect(startShell({ dataDir: notDemo, demoArgs: ['--reset'] })).rejects.toThrow(
      /is not empty and is not a demo folder/
    )
    await expect(startShell({ demoArgs: ['--interval', 'soon'] })).rejects.toThrow(
      /--interval must be milliseconds/
    )
  })
})
