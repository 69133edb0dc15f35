import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { ApiMethod, ApiOutput } from '@shared/api-contract'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { eventually, onPostgres, tempDir } from '../support/core-harness'
import { createPgDatabase } from '../support/pg-cluster'
import { startReceiver } from '../support/receiver'
import { brand, rig } from '../support/fault-rig'

describe('private-network guard', () => {
  const forms = (port: number) => [
    `http://127.0.0.1:${port}/hook`,
    `http://localhost:${port}/hook`,
    `http://2130706433:${port}/hook`,
    `http://0x7f000001:${port}/hook`,
    `http://0177.0.0.1:${port}/hook`,
    `http://[::1]:${port}/hook`,
    `http://[::ffff:127.0.0.1]:${port}/hook`,
    `http://0.0.0.0:${port}/hook`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://[fd00::1]/hook',
    'http://[fe80::1]/hook'
  ]

  it('when on, refuses every special address form before connecting, and says why', async () => {
    const r = await rig((_request, _req, res) => void res.end('reached'), {
      settings: { blockPrivateNetworks: true }
    })
    for (const url of forms(r.receiver.port)) {
      await r.harness.call('webhooks.update', { id: r.webhookId, url })
      const result = await r.harness.call('webhooks.test', { id: r.webhookId })
      expect(result.ok, url).toBe(false)
      expect(result.log.errorClass, url).toBe('blocked_address')
      expect(result.log.error, url).toContain('private-network guard')
    }
    // The queue path is guarded too.
    await r.harness.call('webhooks.update', {
      id: r.webhookId,
      url: `http://localhost:${r.receiver.port}/`
    })
    await brand(r.harness)
    const queued = await eventually(async () => {
      const page = await r.harness.call('logs.list', { appId: r.appId, event: 'brand.created' })
      return page.items[0]
    })
    expect(queued.errorClass).toBe('blocked_address')
    expect(r.receiver.requests).toHaveLength(0)
  })

  it('is off by default on a desktop (SQLite), on in team mode (PostgreSQL), with an allow-list', async () => {
    // Straight on startCore: the harness keeps the guard off on PostgreSQL for other suites.
    const team = await teamOrDesktopCore()
    const receiver = await startReceiver((_request, _req, res) => void res.end('reached'))
    try {
      const call = team.call
      expect((await call('settings.get')).blockPrivateNetworks).toBe(onPostgres)
      expect((await call('settings.get')).privateNetworkAllowList).toEqual([])
      const appId = (await call('apps.list'))[0].id
      const loopback = `http://127.0.0.1:${receiver.port}/hook`
      const webhook = await call('webhooks.create', {
        appId,
        url: loopback,
        events: ['brand.created']
      })
      const test = async (url: string) => {
        await call('webhooks.update', { id: webhook.id, url })
        return call('webhooks.test', { id: webhook.id })
      }
      if (onPostgres) {
        const blocked = await test(loopback)
        expect(blocked.log.errorClass).toBe('blocked_address')
        expect(blocked.log.error).toContain('private-network guard: 127.0.0.1 is a loopback')
      } else {
        expect((await test(loopback)).ok).toBe(true)
        await call('settings.update', { blockPrivateNetworks: true })
        expect((await test(loopback)).log.errorClass).toBe('blocked_address')
      }

      // An allow-listed range passes while the guard stays on; nothing else does.
      const updated = await call('settings.update', {
        privateNetworkAllowList: [' 127.0.0.1/32 ', 'Hooks.Internal']
      })
      expect(updated).toMatchObject({
        blockPrivateNetworks: true,
        privateNetworkAllowList: ['127.0.0.1/32', 'hooks.internal']
      })
      expect((await test(loopback)).ok).toBe(true)
      for (const url of [`http://[::1]:${receiver.port}/hook`, 'http://10.0.0.1/hook'])
        expect((await test(url)).log.errorClass, url).toBe('blocked_address')
      // A name on the list passes whatever it resolves to; the range is no longer listed.
      await call('settings.update', { privateNetworkAllowList: ['localhost'] })
      expect((await test(`http://localhost:${receiver.port}/hook`)).ok).toBe(true)
      expect((await test(loopback)).log.errorClass).toBe('blocked_address')

      // The queue path follows the same list.
      await call('settings.update', { privateNetworkAllowList: ['127.0.0.0/8'] })
      await call('webhooks.update', { id: webhook.id, url: loopback })
      receiver.secrets.push(webhook.secret)
      const before = receiver.requests.length
      await call('entities.create', { type: 'brand', data: { name: 'Allowed' } })
      const delivered = (await receiver.waitFor(before + 1))[before]
      expect(delivered.json.event).toBe('brand.created')
      expect(delivered.standardSignatureValid).toBe(true)
    } finally {
      await team.close()
      await receiver.close()
    }
  })

  it('keeps a stored value on restart; a database that never stored it gets its default', async () => {
    const first = await teamOrDesktopCore()
    await first.core.db('settings').where({ key: 'delivery' }).delete()
    // As the app wrote settings before the allow-list existed: every field, the guard included.
    await first.core
      .db('settings')
      .insert({ key: 'delivery', value: JSON.stringify({ connectTimeoutMs: 3_000 }) })
    const unset = await first.restart()
    expect(await unset.call('settings.get')).toMatchObject({
      connectTimeoutMs: 3_000,
      blockPrivateNetworks: onPostgres,
      privateNetworkAllowList: []
    })
    // An operator's explicit choice stays, whichever way, and only it is written.
    await unset.call('settings.update', { blockPrivateNetworks: !onPostgres })
    const row = await unset.core.db('settings').where({ key: 'delivery' }).first()
    expect(JSON.parse(String(row.value))).toEqual({
      connectTimeoutMs: 3_000,
      blockPrivateNetworks: !onPostgres
    })
    const kept = await unset.restart()
    expect((await kept.call('settings.get')).blockPrivateNetworks).toBe(!onPostgres)
    // A stored list with an entry the API would refuse is not used.
    await kept.core
      .db('settings')
      .where({ key: 'delivery' })
      .update({
        value: JSON.stringify({ privateNetworkAllowList: ['127.0.0.1/32', 'http://x/'] })
      })
    const damaged = await kept.restart()
    expect((await damaged.call('settings.get')).privateNetworkAllowList).toEqual([])
    await damaged.close()
  })
})

interface PlainCore {
  core: PimCore
  call<M extends ApiMethod>(method: M, input?: unknown): Promise<ApiOutput<M>>
  /** Closes this core and starts another on the same database. */
  restart(): Promise<PlainCore>
  close(): Promise<void>
}

/**
 * A core with no settings overrides: on a fresh PostgreSQL database in the postgres project
 * (team mode), else on a SQLite file.
 */
async function teamOrDesktopCore(given?: string): Promise<PlainCore> {
  const dataDir = tempDir()
  const database =
    given ?? (onPostgres ? await createPgDatabase(inject('pgUrl')) : join(dataDir, 'pim.sqlite'))
  const core = await startCore({ dataDir, database, logError: () => {} })
  const plain: PlainCore = {
    core,
    async call(method, input = {}) {
      const response = await core.call(method, input)
      if (!response.ok) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`)
      return response.data as never
    },
    async restart() {
      await core.close(1_000)
      return teamOrDesktopCore(database)
    },
    close: () => core.close(1_000)
  }
  return plain
}

describe('retention', () => {
  it('prunes old logs in the background, keeping failed payloads longer than successful ones', async () => {
    let status = 200
    const r = await rig(
      (_request, _req, res) => {
        res.statusCode = status
        res.end('answer')
      },
      {},
      []
    )
    await brand(r.harness, 'ok')
    await r.attempts(1)
    status = 500
    await brand(r.harness, 'failed')
    const [ok, failed] = await r.attempts(2)
    r.advance(8 * 86_400_000)
    const week = await r.harness.core.pruner.pruneOnce()
    expect(week).toMatchObject({ logsDeleted: 0, payloadsCleared: 1 })
    expect(await r.detail(ok)).toMatchObject({ requestBody: '', responseBody: '' })
    expect((await r.detail(failed)).requestBody).toContain('"failed"')

    r.advance(23 * 86_400_000)
    const month = await r.harness.core.pruner.pruneOnce()
    expect(month.logsDeleted).toBe(2)
    expect(month.deliveriesDeleted).toBe(2)
    expect((await r.harness.call('logs.list', { appId: r.appId })).items).toEqual([])
  })
})
