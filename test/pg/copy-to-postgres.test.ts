import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { startCore } from '../../src/main/core/pim-core'
import type { SecretBox } from '../../src/main/core/support/secret-box'
import { demoApi } from '../../src/main/shell-common/demo/demo-api'
import { DemoClock } from '../../src/main/shell-common/demo/demo-clock'
import { seedDemoCatalog } from '../../src/main/shell-common/demo/demo-seed'
import { seededRandom } from '../../src/main/shell-common/demo/seeded-random'
import { repoRoot } from '../support/electron-bundle'
import { startHarness, tempDir, type Harness } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startReceiver, type TestReceiver } from '../support/receiver'

const run = promisify(execFile)
let cluster: PgCluster
let receiver: TestReceiver
beforeAll(async () => {
  cluster = await sharedPgCluster()
  receiver = await startReceiver()
}, 60_000)
afterAll(async () => {
  await receiver?.close()
})

/** `npm run copy-to-postgres`'s built script; resolves with its output, or rejects with it. */
function copy(dataDir: string, database: string): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [
    join(repoRoot, 'out/main/copy-to-postgres.js'),
    '--data-dir',
    dataDir,
    '--database',
    database
  ])
}

async function catalogOnSqlite(options: { secretBox?: SecretBox } = {}): Promise<Harness> {
  const dataDir = tempDir('pim-copy-')
  const clock = new DemoClock()
  const harness = await startHarness({ dataDir, clock, secretBox: options.secretBox })
  await seedDemoCatalog(demoApi(harness.core.call), seededRandom(11), clock)
  return harness
}

describe('npm run copy-to-postgres', () => {
  it('copies every table of a SQLite catalog into an empty database, which then works as the original', async () => {
    const sqlite = await catalogOnSqlite()
    const [app] = await sqlite.call('apps.list')
    const webhook = await sqlite.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['product.updated']
    })
    receiver.secrets.push(webhook.secret)
    // Saved on the desktop with the guard off (its default there) and a timeout.
    await sqlite.call('settings.update', { blockPrivateNetworks: false, connectTimeoutMs: 4_000 })
    const [product] = (await sqlite.call('entities.list', { type: 'product', limit: 1 })).items
    for (const price of [10, 11, 12])
      await sqlite.call('entities.update', { type: 'product', id: product.id, data: { price } })
    await receiver.waitFor(3)
    await expect
      .poll(async () => (await sqlite.call('logs.list', { appId: app.id })).items.length)
      .toBe(3)
    const before = {
      products: await sqlite.call('entities.list', { type: 'product', limit: 500 }),
      revisions: await sqlite.call('entities.revisions', { productId: product.id }),
      logs: await sqlite.call('logs.list', { appId: app.id }),
      stats: await sqlite.call('stats.deliveries', { hours: 24 }),
      account: await sqlite.call('account.get')
    }
    await sqlite.core.close()

    const database = await cluster.createDatabase()
    const { stdout } = await copy(sqlite.dataDir, database)
    expect(stdout).toMatch(/products: 50 rows/)
    expect(stdout).toMatch(/every count matches/)

    const pg = await startCore({
      dataDir: tempDir(),
      database,
      logError: () => {},
      // Team mode's guard is on: the test receiver on loopback is the operator's exception.
      settings: { privateNetworkAllowList: ['127.0.0.1/32'] }
    })
    try {
      const call = async (method: string, input: unknown = {}) => {
        const answer = await pg.call(method, input)
        if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`)
        return answer.data as never
      }
      expect(await call('account.get')).toEqual(before.account)
      // The desktop's guard choice stays behind: team mode's default applies; the rest is kept.
      expect(stdout).toMatch(/private-network guard follows the team default \(on\)/)
      const settings = await pg.db('settings').where({ key: 'delivery' }).first()
      expect(JSON.parse(String(settings.value))).toEqual({ connectTimeoutMs: 4_000 })
      expect(await call('entities.list', { type: 'product', limit: 500 })).toEqual(before.products)
      expect(await call('entities.revisions', { productId: product.id })).toEqual(before.revisions)
      expect(await call('logs.list', { appId: app.id })).toEqual(before.logs)
      expect(await call('stats.deliveries', { hours: 24 })).toEqual(before.stats)
      // New rows are numbered after the copied ones, and the copied webhook still signs.
      const created: { id: number } = await call('entities.create', {
        type: 'brand',
        data: { name: 'After the move' }
      })
      expect(created.id).toBeGreaterThan(6)
      await call('entities.update', { type: 'product', id: product.id, data: { price: 13 } })
      const [latest] = (await receiver.waitFor(4)).slice(3)
      expect([latest.standardSignatureValid, latest.hexSignatureValid]).toEqual([true, true])
    } finally {
      await pg.close()
    }

    // Copying again would mix two catalogs: the target is not empty any more.
    await expect(copy(sqlite.dataDir, database)).rejects.toThrow(/target database is not empty/)
  }, 60_000)

  it('copies custom headers, and refuses a secret header value sealed by the keychain', async () => {
    const sqlite = await startHarness({ dataDir: tempDir('pim-copy-'), deliver: false })
    const [app] = await sqlite.call('apps.list')
    const webhook = await sqlite.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created'],
      headers: [
        { name: 'X-Tenant', value: 't-1' },
        { name: 'X-Api-Key', value: 'a-long-api-key-1234', secret: true }
      ]
    })
    await sqlite.core.close()
    const database = await cluster.createDatabase()
    await copy(sqlite.dataDir, database)
    const pg = await startHarness({ dataDir: tempDir(), database, deliver: false })
    try {
      expect((await pg.call('webhooks.revealHeaders', { id: webhook.id })).headers).toEqual([
        { name: 'X-Tenant', value: 't-1', secret: false },
        { name: 'X-Api-Key', value: 'a-long-api-key-1234', secret: true }
      ])
    } finally {
      await pg.close()
    }

    // Only the header's value sealed (the signing secret in clear): still refused.
    const db = createKnex(join(sqlite.dataDir, 'pim.sqlite'))
    await db('webhooks')
      .where({ id: webhook.id })
      .update({
        headers: JSON.stringify([
          { name: 'X-Api-Key', value: 'sealed:v1:c2VjcmV0', secret: true, hint: '1234' }
        ])
      })
    await db.destroy()
    await expect(copy(sqlite.dataDir, await cluster.createDatabase())).rejects.toThrow(
      /1 webhook secret\(s\) are sealed by this computer's keychain/
    )
  }, 60_000)

  it('refuses secrets sealed by the desktop keychain, and a folder an app is running on', async () => {
    const box: SecretBox = {
      protection: 'os_keychain',
      seal: (plain) => Buffer.from(plain).toString('base64'),
      open: (sealed) => Buffer.from(sealed, 'base64').toString()
    }
    const sealed = await catalogOnSqlite({ secretBox: box })
    const [app] = await sealed.call('apps.list')
    await sealed.call('webhooks.create', {
      appId: app.id,
      url: receiver.url,
      events: ['brand.created']
    })
    // Still running: the data folder is locked.
    await expect(copy(sealed.dataDir, await cluster.createDatabase())).rejects.toThrow(
      /pim.lock|running|in use/i
    )
    await sealed.core.close()
    await expect(copy(sealed.dataDir, await cluster.createDatabase())).rejects.toThrow(
      /1 webhook secret\(s\) are sealed by this computer's keychain/
    )
    await expect(copy(sealed.dataDir, 'mysql://h/db')).rejects.toThrow(
      /must start with postgres:\/\//
    )
  }, 60_000)
})
