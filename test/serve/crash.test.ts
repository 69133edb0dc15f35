import { describe, expect, it } from 'vitest'
import type { ApiResponse } from '@shared/api-contract'
import type { EntityDto } from '@shared/dto'
import { eventually } from '../support/core-harness'
import { startReceiver, type ReceivedRequest } from '../support/receiver'
import { startShell, type ShellProcess } from '../support/shell-process'
import { PREFETCH_ROUNDS } from '../../src/main/core/delivery/delivery-worker'
import { DEFAULT_CONCURRENCY } from '../../src/main/core/pim-core'

const EVENTS = 1_000
const KILLS = 10

/**
 * The crash test of the delivery queue: a burst of product saves while the headless shell is
 * SIGKILLed at random moments and restarted on the same data directory. Every save the API
 * confirmed (or that a retry proves committed) must be delivered at least once, duplicates may
 * only be re-sent in-flight attempts with the same webhook-id, and nothing may stay stuck.
 */
describe('crash safety', () => {
  it(`delivers every event of a ${EVENTS}-event burst through ${KILLS} SIGKILLs`, async () => {
    const receiver = await startReceiver((_request, _req, res) => {
      // A little latency keeps attempts in flight when the kill lands.
      setTimeout(() => res.end('ok'), 5 + Math.floor(Math.random() * 25))
    })
    let shell: ShellProcess = await startShell()
    const { dataDir, token } = shell
    const appId = (await shell.call('apps.list', {}))[0].id
    const webhook = await shell.call('webhooks.create', {
      appId,
      url: receiver.url,
      events: ['product.created']
    })
    receiver.secrets.push(webhook.secret)
    const started = Date.now()

    let restarting: Promise<void> | null = null
    let kills = 0
    const killer = (async () => {
      while (kills < KILLS) {
        await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 900))
        const victim = shell
        restarting = (async () => {
          victim.kill('SIGKILL')
          await victim.waitForExit()
          kills += 1
          shell = await startShell({ dataDir, token })
        })()
        await restarting
        restarting = null
      }
    })()

    /** Creates one product, riding out kills; a retry that hits "already exists" means it committed. */
    const create = async (n: number): Promise<void> => {
      const input = { type: 'product', data: { name: `Crash ${n}`, sku: `CRASH-${n}` } }
      for (let tries = 0; tries < 50; tries++) {
        if (restarting) await restarting
        let answer: { status: number; body: ApiResponse<unknown> }
        try {
          answer = await shell.post('entities.create', input)
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50))
          continue // connection died with the process: unknown outcome, ask again
        }
        if (answer.body.ok || answer.status === 409) return
        throw new Error(`create ${n} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
      }
      throw new Error(`create ${n} never got through`)
    }
    for (let n = 0; n < EVENTS; n++) await create(n)
    await killer
    const burstMs = Date.now() - started

    const products: EntityDto[] = []
    for (let offset = 0; offset < EVENTS; offset += 500)
      products.push(
        ...(await shell.call('entities.list', { type: 'product', offset, limit: 500 })).items
      )
    expect(products).toHaveLength(EVENTS)

    const expected = new Set(products.map((product) => product.externalId))
    const delivered = (): Set<string> =>
      new Set(
        receiver.requests.map(
          (request) => (request.json.product as { externalId: string }).externalId
        )
      )
    await eventually(async () => [...expected].every((id) => delivered().has(id)), 90_000)

    // Nothing stuck: every delivery ends with a 200 in the log. An attempt that reached the
    // receiver just before a kill has no log row yet; its resend after the restart writes one.
    const succeededIds = async (): Promise<Set<string>> => {
      const ids = new Set<string>()
      let cursor: string | undefined
      do {
        const page = await shell.call('logs.list', { appId, limit: 200, cursor, status: 'success' })
        for (const log of page.items) ids.add(log.messageId)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return ids
    }
    const succeeded = await eventually(async () => {
      const ids = await succeededIds()
      return ids.size === EVENTS ? ids : undefined
    }, 60_000)
    expect(succeeded.size).toBe(EVENTS)

    const firstCopy = new Map<string, ReceivedRequest>()
    let duplicates = 0
    for (const request of receiver.requests) {
      expect(request.standardSignatureValid && request.hexSignatureValid).toBe(true)
      const id = (request.json.product as { externalId: string }).externalId
      const first = firstCopy.get(id)
      if (!first) {
        firstCopy.set(id, request)
        continue
      }
      duplicates += 1
      expect(request.headers['webhook-id']).toBe(first.headers['webhook-id'])
      expect(request.body).toBe(first.body)
    }
    const lost = [...expected].filter((id) => !firstCopy.has(id)).length
    // Only rows the worker held at a kill can be sent twice: those on the wire, and those whose
    // attempt finished but waited for the next group commit. It holds at most PREFETCH_ROUNDS
    // rows per slot, so that many per kill at most.
    expect(duplicates).toBeLessThanOrEqual(KILLS * PREFETCH_ROUNDS.sqlite * DEFAULT_CONCURRENCY)
    expect(lost).toBe(0)

    console.log(
      `crash: events=${EVENTS} kills=${kills} received=${receiver.requests.length} ` +
        `unique=${firstCopy.size} duplicates=${duplicates} lost=${lost} stuck=${EVENTS - succeeded.size} ` +
        `burst=${burstMs}ms total=${Date.now() - started}ms`
    )
    shell.kill('SIGTERM')
    await shell.waitForExit()
    await receiver.close()
  }, 180_000)
})
