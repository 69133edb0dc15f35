import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startShell } from '../support/shell-process'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

it('runs two headless shells on one PostgreSQL database: what one saves, the other reads', async () => {
  const database = await cluster.createDatabase()
  const first = await startShell({ serveArgs: ['--database', database] })
  const second = await startShell({ serveArgs: ['--database', database] })
  await expect.poll(() => first.output().stdout).toContain(`Database: ${database} (team mode)`)
  // Nothing went to the SQLite file of either data folder.
  expect(existsSync(join(first.dataDir, 'pim.sqlite'))).toBe(false)

  const brand = await first.call('entities.create', { type: 'brand', data: { name: 'Shared' } })
  const read = await second.call('entities.get', { type: 'brand', id: brand.id })
  expect(read.fields.name).toBe('Shared')
  expect((await second.call('apps.list', {})).map((app) => app.key)).toEqual([
    'products',
    'orders',
    'inventory',
    'pricing'
  ])
})

it('refuses a database URL that is not PostgreSQL, and an unreachable server, with a clear message', async () => {
  await expect(startShell({ serveArgs: ['--database', 'mysql://h/db'] })).rejects.toThrow(
    /--database must start with postgres:\/\//
  )
  const unreachable = cluster.url('nope').replace(/:\d+\//, ':1/')
  await expect(startShell({ serveArgs: ['--database', unreachable] })).rejects.toThrow(
    /ECONNREFUSED|failed to start/
  )
})
