import { beforeAll, expect, it } from 'vitest'
import pg from 'pg'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

it('runs a throwaway PostgreSQL on a free loopback port, with a fresh database per caller', async () => {
  const first = await cluster.createDatabase()
  const second = await cluster.createDatabase()
  expect(first).not.toBe(second)
  expect(new URL(first).hostname).toBe('127.0.0.1')
  const client = new pg.Client({ connectionString: first })
  await client.connect()
  try {
    const { rows } = await client.query<{ version: string }>('select version()')
    expect(rows[0].version).toMatch(/^PostgreSQL \d+/)
    await client.query('create table probe (id int)')
  } finally {
    await client.end()
  }
  const other = new pg.Client({ connectionString: second })
  await other.connect()
  try {
    const { rows } = await other.query("select to_regclass('probe') as found")
    expect(rows[0].found).toBeNull()
  } finally {
    await other.end()
  }
})
