import { beforeAll, expect, it } from 'vitest'
import type { PushEvent } from '@shared/dto'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { tempDir } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startReceiver } from '../support/receiver'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

const HOUR = 3_600_000

it("wakes another process's worker on a save, and brings its attempts to this process's UI", async () => {
  const database = await cluster.createDatabase()
  // Polling is an hour away: only a notification can make the worker send in time.
  const options = {
    database,
    logError: () => {},
    teamPollMs: HOUR,
    // Team mode's guard is on: the test receiver on loopback is the operator's exception.
    settings: { privateNetworkAllowList: ['127.0.0.1/32'] }
  }
  const api: PimCore = await startCore({ ...options, dataDir: tempDir(), deliver: false })
  const worker: PimCore = await startCore({ ...options, dataDir: tempDir() })
  const receiver = await startReceiver()
  const pushed: PushEvent[] = []
  api.onPush((event) => pushed.push(event))
  try {
    const call = async (method: string, input: unknown) => {
      const answer = await api.call(method, input)
      if (!answer.ok) throw new Error(answer.error.message)
      return answer.data as never
    }
    const [app]: Array<{ id: number }> = await call('apps.list', {})
    const webhook: { secret: string } = await call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created']
    })
    receiver.secrets.push(webhook.secret)
    // The worker is idle with nothing due: it sleeps until told.
    await new Promise((resolve) => setTimeout(resolve, 300))
    await call('entities.create', { type: 'brand', data: { name: 'Across processes' } })

    const [request] = await receiver.waitFor(1)
    expect(request.standardSignatureValid).toBe(true)
    // The attempt was recorded by the other process and still reached this one's live log.
    await expect.poll(() => pushed.filter((event) => event.type === 'log.created').length).toBe(1)
    const log = pushed.find((event) => event.type === 'log.created')
    expect(log).toMatchObject({ log: { responseStatus: 200 } })
  } finally {
    await Promise.all([api.close(), worker.close(), receiver.close()])
  }
})
