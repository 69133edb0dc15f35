import { beforeAll, expect, it } from 'vitest'
import { startCore, type PimCore } from '../../src/main/core/pim-core'
import { tempDir } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

it('lets several processes start at once on an empty shared database: one migrates, one seeds', async () => {
  const database = await cluster.createDatabase()
  const cores: PimCore[] = await Promise.all(
    [1, 2, 3, 4].map(() =>
      startCore({ dataDir: tempDir(), database, deliver: false, logError: () => {} })
    )
  )
  try {
    const answers = await Promise.all(cores.map((core) => core.call('apps.list', {})))
    for (const answer of answers) {
      expect(answer.ok).toBe(true)
      expect((answer as { data: Array<{ key: string }> }).data.map((app) => app.key)).toEqual([
        'products',
        'orders',
        'inventory',
        'pricing'
      ])
    }
    expect(Number((await cores[0].db('account').count({ n: '*' }))[0].n)).toBe(1)
    const migrations = await cores[0].db('knex_migrations').count({ n: '*' })
    const names = await cores[0].db('knex_migrations').pluck('name')
    expect(Number(migrations[0].n)).toBe(new Set(names).size)
  } finally {
    await Promise.all(cores.map((core) => core.close()))
  }
})
