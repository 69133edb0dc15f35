import { describe, expect, it } from 'vitest'
import { eventually } from '../support/core-harness'
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

  it('is off by default, so a desktop operator can target localhost', async () => {
    const r = await rig((_request, _req, res) => void res.end('reached'))
    expect((await r.harness.call('settings.get', {})).blockPrivateNetworks).toBe(false)
    await r.harness.call('webhooks.update', {
      id: r.webhookId,
      url: `http://localhost:${r.receiver.port}/hook`
    })
    expect((await r.harness.call('webhooks.test', { id: r.webhookId })).ok).toBe(true)
    const updated = await r.harness.call('settings.update', { blockPrivateNetworks: true })
    expect(updated.blockPrivateNetworks).toBe(true)
    const blocked = await r.harness.call('webhooks.test', { id: r.webhookId })
    expect(blocked.log.errorClass).toBe('blocked_address')
  })
})

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
