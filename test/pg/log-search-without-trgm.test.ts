import pg from 'pg'
import { beforeAll, expect, it, vi } from 'vitest'
import { startHarness } from '../support/core-harness'
import { insertAttempts } from '../support/log-rows'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

/** Runs statements as the cluster's superuser in one database. */
async function asSuperuser(database: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.url(database) })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

it('migrates without pg_trgm when the user may not create it, says so, and still searches', async () => {
  // A database the app's user may fill with tables but not extend (no CREATE on the database).
  const url = new URL(await cluster.createDatabase('pim_limited'))
  const database = url.pathname.slice(1)
  await asSuperuser('postgres', ['CREATE ROLE limited_pim LOGIN'])
  await asSuperuser(database, ['GRANT USAGE, CREATE ON SCHEMA public TO limited_pim'])
  url.username = 'limited_pim'

  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  const harness = await startHarness({ database: url.href, deliver: false })
  try {
    expect(warn.mock.calls.flat().join(' ')).toMatch(
      /pg_trgm extension could not be created \(.*permission denied.*scan the log.*CREATE EXTENSION pg_trgm/
    )
    const indexes = await harness.core
      .db('pg_indexes')
      .where({ tablename: 'webhook_logs' })
      .pluck('indexname')
    expect(indexes.filter((name: string) => name.endsWith('_trgm'))).toEqual([])

    const appId = (await harness.call('apps.list'))[0].id
    const { id: webhookId } = await harness.call('webhooks.create', {
      appId,
      url: 'https://example.com/hook',
      events: ['product.updated'],
      active: false
    })
    await insertAttempts(harness.core.db, [
      { appId, webhookId, requestBody: '{"product":{"id":12,"externalId":"prd_a"}}' },
      { appId, webhookId, requestBody: '{"product":{"id":123,"externalId":"prd_b"}}' }
    ])
    const find = async (query: Record<string, unknown>) =>
      (await harness.call('logs.list', { appId, ...query })).items.length
    expect(await find({ record: '12' })).toBe(1)
    expect(await find({ text: 'PRD_B' })).toBe(1)
  } finally {
    warn.mockRestore()
    await harness.close()
  }
})
