import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONCURRENCY } from '../../src/main/core/pim-core'
import { PREFETCH_ROUNDS } from '../../src/main/core/delivery/delivery-worker'
import type { LogSummaryDto } from '@shared/dto'
import { eventually } from '../support/core-harness'
import { startReceiver, type ReceivedRequest, type TestReceiver } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'

const PRODUCTS = 150
const RECEIVER_DELAY_MS = 150

let receiver: TestReceiver | undefined

afterEach(async () => {
  await receiver?.close()
  receiver = undefined
})

function externalIdOf(request: ReceivedRequest): string {
  const product = request.json.product as { externalId?: unknown } | undefined
  if (typeof product?.externalId !== 'string')
    throw new Error(`request without product.externalId: ${request.body}`)
  return product.externalId
}

async function allLogs(shell: ShellProcess, appId: number): Promise<LogSummaryDto[]> {
  const items: LogSummaryDto[] = []
  let cursor: string | undefined
  for (let page = 0; page < 100; page++) {
    const result = await shell.call('logs.list', {
      appId,
      limit: 50,
      ...(cursor ? { cursor } : {})
    })
    items.push(...result.items)
    if (!result.nextCursor) return items
    cursor = result.nextCursor
  }
  throw new Error('logs.list did not stop paginating')
}

describe('durable outbox across a SIGKILL of the headless shell', () => {
  it('delivers every product at least once after a hard kill, with stable webhook-ids', async () => {
    const slow = await startReceiver(async (_request, _req, res) => {
      await new Promise((resolve) => setTimeout(resolve, RECEIVER_DELAY_MS))
      res.end('ok')
    })
    receiver = slow
    const first = await startShell()
    const apps = await first.call('apps.list', {})
    const app = apps.find((candidate) => candidate.key === 'products')
    if (!app) throw new Error('no products app')
    const webhook = await first.call('webhooks.create', {
      appId: app.id,
      url: slow.url,
      events: ['product.created']
    })
    slow.secrets.push(webhook.secret)

    const created: string[] = []
    const createStart = Date.now()
    for (let index = 0; index < PRODUCTS; index++) {
      const product = await first.call('entities.create', {
        type: 'product',
        data: { name: `Durable ${index}`, sku: `DUR-${index}` }
      })
      created.push(product.externalId)
    }
    expect(new Set(created).size).toBe(PRODUCTS)

    const createMs = Date.now() - createStart
    first.kill('SIGKILL')
    const beforeKill = slow.requests.length
    expect(await first.waitForExit()).toEqual({ code: null, signal: 'SIGKILL' })
    // The kill must land mid-stream, or this proves nothing about resuming.
    expect(beforeKill).toBeGreaterThan(0)
    expect(beforeKill).toBeLessThan(PRODUCTS)

    const restartedAt = Date.now()
    const second = await startShell({ dataDir: first.dataDir, token: first.token })
    const readyAt = Date.now()
    const wanted = new Set(created)
    const seen = (): Set<string> => new Set(slow.requests.map(externalIdOf))
    await eventually(async () => [...wanted].every((id) => seen().has(id)), 40_000)
    const doneAt = Date.now()
    const restartToDone = doneAt - restartedAt
    const afterRestart = slow.requests.filter((request) => request.receivedAt >= restartedAt)

    // Every request, before and after the kill, carries both valid signatures.
    for (const request of slow.requests) {
      expect(request.standardSignatureValid).toBe(true)
      expect(request.hexSignatureValid).toBe(true)
      expect(request.headers['x-webhook-event']).toBe('product.created')
    }

    // A redelivered product is the same message: same webhook-id and the same body bytes.
    const firstCopy = new Map<string, ReceivedRequest>()
    for (const request of slow.requests) {
      const id = externalIdOf(request)
      const earlier = firstCopy.get(id)
      if (!earlier) firstCopy.set(id, request)
      else {
        expect(request.headers['webhook-id'], id).toBe(earlier.headers['webhook-id'])
        expect(request.body, id).toBe(earlier.body)
      }
    }
    expect(new Set([...firstCopy.keys()])).toEqual(wanted)
    const messageIds = new Set([...firstCopy.values()].map((r) => String(r.headers['webhook-id'])))
    expect(messageIds.size).toBe(PRODUCTS)

    // The log holds exactly one successful attempt per delivery (log and outcome commit together).
    const logs = await eventually(async () => {
      const rows = await allLogs(second, app.id)
      const succeeded = rows.filter((row) => row.responseStatus === 200)
      return succeeded.length >= PRODUCTS ? rows : undefined
    }, 10_000)
    const successes = new Map<string, number>()
    for (const row of logs) {
      expect(row).toMatchObject({ webhookId: webhook.id, event: 'product.created', appId: app.id })
      if (row.responseStatus === 200)
        successes.set(row.messageId, (successes.get(row.messageId) ?? 0) + 1)
    }
    expect(new Set(successes.keys())).toEqual(messageIds)
    expect([...successes.values()].every((count) => count === 1)).toBe(true)
    const logIds = logs.map((row) => row.id)
    expect(new Set(logIds).size).toBe(logIds.length)

    const unique = firstCopy.size
    const received = slow.requests.length
    const duplicates = received - unique
    // Only attempts whose outcome was not on disk at the kill are sent again: those on the wire
    // and those that finished but waited for the next group commit, all among the rows the worker
    // held (PREFETCH_ROUNDS per slot).
    expect(duplicates).toBeLessThanOrEqual(PREFETCH_ROUNDS.sqlite * DEFAULT_CONCURRENCY)
    const rate = afterRestart.length / ((doneAt - readyAt) / 1000)
    console.log(
      `durability: created=${PRODUCTS} createMs=${createMs} beforeKill=${beforeKill} received=${received} ` +
        `unique=${unique} duplicates=${duplicates} lost=${PRODUCTS - unique} ` +
        `afterRestart=${afterRestart.length} logRows=${logs.length} ` +
        `restartToDone=${restartToDone}ms startup=${readyAt - restartedAt}ms ` +
        `rate=${rate.toFixed(1)}/s`
    )
    expect(PRODUCTS - unique).toBe(0)
  }, 60_000)
})
