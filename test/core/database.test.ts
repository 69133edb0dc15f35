import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { callOrThrow } from '../../src/main/core/api/api-dispatcher'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrateToLatest } from '../../src/main/core/db/migrate'
import { migrationSource } from '../../src/main/core/db/migration-source'
import { startCore } from '../../src/main/core/pim-core'
import { tempDir } from '../support/core-harness'

describe('the SQLite store', () => {
  it('opens in WAL mode with foreign keys and a busy timeout', async () => {
    const db = createKnex(join(tempDir(), 'pragmas.sqlite'))
    try {
      const mode = await db.raw('PRAGMA journal_mode')
      const keys = await db.raw('PRAGMA foreign_keys')
      const busy = await db.raw('PRAGMA busy_timeout')
      expect(mode[0].journal_mode).toBe('wal')
      expect(keys[0].foreign_keys).toBe(1)
      expect(busy[0].timeout).toBe(5000)
    } finally {
      await db.destroy()
    }
  })

  it('migrates up, all the way down, and up again from the bundled source', async () => {
    const db = createKnex(join(tempDir(), 'migrations.sqlite'))
    try {
      await migrateToLatest(db)
      expect(await db.schema.hasTable('webhook_logs')).toBe(true)
      await db.migrate.rollback({ migrationSource }, true)
      for (const table of ['webhook_logs', 'deliveries', 'products', 'apps', 'account'])
        expect(await db.schema.hasTable(table)).toBe(false)
      await migrateToLatest(db)
      expect(await db.schema.hasTable('deliveries')).toBe(true)
    } finally {
      await db.destroy()
    }
  })

  it('seeds the account and four apps once, and keeps data across restarts', async () => {
    const dataDir = tempDir()
    const first = await startCore({ dataDir, logError: () => {} })
    const apps = await first.call('apps.list', {})
    expect(apps.ok && apps.data).toMatchObject([
      { name: 'Products', key: 'products' },
      { name: 'Orders', key: 'orders' },
      { name: 'Inventory', key: 'inventory' },
      { name: 'Pricing', key: 'pricing' }
    ])
    const account = await callOrThrow(first.call, 'account.get', {})
    expect(account.externalId).toMatch(/^acc_/)
    await first.call('entities.create', { type: 'brand', data: { name: 'Persisted' } })
    await first.close()
    expect(existsSync(join(dataDir, 'pim.sqlite'))).toBe(true)

    const second = await startCore({ dataDir, logError: () => {} })
    try {
      expect(await second.call('apps.list', {})).toEqual(apps)
      expect(await callOrThrow(second.call, 'account.get', {})).toEqual(account)
      const brands = await callOrThrow(second.call, 'entities.list', { type: 'brand' })
      expect(brands.items.map((brand) => brand.fields.name)).toEqual(['Persisted'])
    } finally {
      await second.close()
    }
  })

  it('refuses a second live process on the same data directory', async () => {
    const dataDir = tempDir()
    const first = await startCore({ dataDir, logError: () => {} })
    try {
      // Same pid, so simulate another live holder by writing our parent's pid into the lock.
      const { writeFileSync } = await import('node:fs')
      writeFileSync(join(dataDir, 'pim.lock'), String(process.ppid))
      await expect(startCore({ dataDir, logError: () => {} })).rejects.toThrow(/in use by process/)
    } finally {
      await first.close()
    }
  })
})
