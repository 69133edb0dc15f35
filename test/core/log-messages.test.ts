import { describe, expect, it } from 'vitest'
import type { MessageSummaryDto } from '@shared/dto'
import { brand, rig } from '../support/fault-rig'

describe('the log by message: one row per delivery, expanding to its attempts', () => {
  it('shows each delivery with its latest attempt, state and next retry, filtered and paged', async () => {
    const failNames = new Set(['flaky', 'broken'])
    const r = await rig(
      (request, _req, res) => {
        const name = (JSON.parse(request.body) as { brand: { name: string } }).brand.name
        res.statusCode = failNames.has(name) ? 503 : 200
        res.end()
      },
      {},
      [60, 60]
    )
    await brand(r.harness, 'fine')
    await brand(r.harness, 'flaky')
    await brand(r.harness, 'broken')
    await r.attempts(3)
    failNames.delete('flaky')
    r.advance(60_000)
    await r.attempts(5)
    r.advance(60_000)
    await r.attempts(6) // broken: third attempt, schedule used up

    const page = await r.harness.call('logs.messages', { appId: r.appId })
    expect(page.nextCursor).toBeNull()
    const byState = (state: string) => page.items.filter((item) => item.state === state)
    expect(page.items.map((item) => item.state)).toEqual(['failed', 'succeeded', 'succeeded'])
    const [broken, flaky, fine] = page.items
    expect(broken).toMatchObject({ attempts: 3, nextAttemptAt: null, event: 'brand.created' })
    expect(broken.latestAttempt).toMatchObject({ responseStatus: 503 })
    expect(flaky).toMatchObject({ attempts: 2, latestAttempt: { responseStatus: 200 } })
    expect(fine).toMatchObject({ attempts: 1, latestAttempt: { responseStatus: 200 } })
    expect(byState('failed')).toHaveLength(1)

    // Expanding a message lists its attempts, newest first, all with the same webhook-id.
    const attempts = await r.harness.call('logs.list', {
      appId: r.appId,
      deliveryId: broken.deliveryId
    })
    expect(attempts.items.map((log) => log.attempt)).toEqual([3, 2, 1])
    expect(new Set(attempts.items.map((log) => log.messageId))).toEqual(new Set([broken.messageId]))
    expect(attempts.items[0].id).toBe(broken.latestAttempt!.logId)

    // State filters, and keyset pages that neither skip nor repeat.
    const failed = await r.harness.call('logs.messages', { appId: r.appId, state: 'failed' })
    expect(failed.items.map((item) => item.deliveryId)).toEqual([broken.deliveryId])
    const seen: MessageSummaryDto[] = []
    let cursor: string | undefined
    do {
      const next = await r.harness.call('logs.messages', { appId: r.appId, limit: 2, cursor })
      seen.push(...next.items)
      cursor = next.nextCursor ?? undefined
    } while (cursor)
    expect(seen.map((item) => item.deliveryId)).toEqual(page.items.map((item) => item.deliveryId))
  })

  it('tells pending from delivering from retrying, and filters by webhook and event', async () => {
    const r = await rig(
      (request, _req, res) => {
        const name = (JSON.parse(request.body) as { brand: { name: string } }).brand.name
        if (name === 'in flight') return // never answers: holds the only delivery slot
        res.statusCode = name === 'retrying' ? 500 : 200
        res.end()
      },
      { concurrency: 1 },
      [3600]
    )
    await brand(r.harness, 'retrying')
    await r.attempts(1)
    await brand(r.harness, 'in flight')
    await r.receiver.waitFor(2)
    await brand(r.harness, 'waiting')
    const page = await r.harness.call('logs.messages', { appId: r.appId })
    expect(page.items.map((item) => [item.state, item.attempts])).toEqual([
      ['pending', 0],
      ['delivering', 0],
      ['retrying', 1]
    ])
    expect(page.items[0].latestAttempt).toBeNull()
    expect(page.items[1].nextAttemptAt).toBeNull()
    expect(Date.parse(page.items[2].nextAttemptAt!)).toBe(r.clock.now() + 3_600_000)
    const pending = await r.harness.call('logs.messages', { appId: r.appId, state: 'pending' })
    expect(pending.items.map((item) => item.state)).toEqual(['pending', 'delivering'])
    const retrying = await r.harness.call('logs.messages', { appId: r.appId, state: 'retrying' })
    expect(retrying.items.map((item) => item.deliveryId)).toEqual([page.items[2].deliveryId])
    expect(
      (await r.harness.call('logs.messages', { appId: r.appId, event: 'brand.deleted' })).items
    ).toEqual([])
    expect(
      (await r.harness.call('logs.messages', { appId: r.appId, webhookId: r.webhookId })).items
    ).toHaveLength(3)
  })

  it('refuses bad arguments with the field named', async () => {
    const r = await rig((_request, _req, res) => void res.end())
    const issue = async (input: object) =>
      (await r.harness.fail('logs.messages', { appId: r.appId, ...input })).issues?.[0]?.path
    expect(await issue({ state: 'lost' })).toBe('state')
    expect(await issue({ limit: 0 })).toBe('limit')
    expect(await issue({ event: 'brand.exploded' })).toBe('event')
    expect(await issue({ cursor: 'not-a-cursor' })).toBe('cursor')
    expect(await issue({ appId: 999 })).toBe('appId')
    expect((await r.harness.fail('logs.list', { appId: r.appId, deliveryId: -1 })).issues).toEqual([
      expect.objectContaining({ path: 'deliveryId' })
    ])
  })
})
