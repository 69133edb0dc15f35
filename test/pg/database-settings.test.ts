import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKnex, migrateToLatest } from '../../src/main/core/db/knex-factory'
import { startHarness, tempDir } from '../support/core-harness'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'
import { startShell } from '../support/shell-process'

let cluster: PgCluster
beforeAll(async () => {
  cluster = await sharedPgCluster()
}, 60_000)

describe('Settings: this computer or a team server', () => {
  it('tests a connection and says whether the app is set up there', async () => {
    const harness = await startHarness()
    try {
      const status = await harness.call('system.database')
      expect(status).toEqual({
        current: { kind: 'sqlite', location: join(harness.dataDir, 'pim.sqlite') },
        next: { kind: 'sqlite', location: join(harness.dataDir, 'pim.sqlite') },
        fixedBy: null
      })
      const empty = await cluster.createDatabase()
      expect(await harness.call('system.testDatabase', { url: empty })).toEqual({
        serverVersion: expect.stringMatching(/^\d+\.\d+/),
        hasCatalog: false
      })
      const used = await cluster.createDatabase()
      const db = createKnex(used)
      await migrateToLatest(db)
      await db.destroy()
      expect(await harness.call('system.testDatabase', { url: used })).toMatchObject({
        hasCatalog: true
      })

      const refused = await harness.fail('system.testDatabase', {
        url: cluster.url('pim').replace(/:\d+\//, ':1/')
      })
      expect(refused).toMatchObject({ code: 'invalid_argument', message: /nothing answers/ })
      const missing = await harness.fail('system.testDatabase', { url: cluster.url('no_such_db') })
      expect(missing.message).toMatch(/database does not exist/)
      const notPostgres = await harness.fail('system.testDatabase', { url: 'mysql://h/db' })
      expect(notPostgres).toMatchObject({ code: 'invalid_argument' })
      expect(notPostgres.issues?.[0]).toMatchObject({ path: 'url' })
    } finally {
      await harness.close()
    }
  })

  it('stores the choice for the next start, which the headless shell then uses', async () => {
    const dataDir = tempDir('pim-choice-')
    const database = await cluster.createDatabase()
    const url = database.replace('pim@', 'pim:secret@')
    const harness = await startHarness({ dataDir })
    const chosen = await harness.call('system.chooseDatabase', { url })
    expect(chosen.current.kind).toBe('sqlite')
    expect(chosen.next).toEqual({
      kind: 'postgres',
      location: database.replace('pim@', 'pim:***@')
    })
    const file = join(dataDir, 'database.json')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url })
    expect(statSync(file).mode & 0o077).toBe(0) // holds a password: this user only
    await harness.core.close()

    const shell = await startShell({ dataDir })
    await expect.poll(() => shell.output().stdout).toContain('(team mode)')
    expect(shell.output().stdout).not.toContain('secret')
    expect((await shell.call('system.database', {})).current.kind).toBe('postgres')
    await shell.call('entities.create', { type: 'brand', data: { name: 'On the server' } })
    const back = await shell.call('system.chooseDatabase', { url: null })
    expect(back.next).toEqual({ kind: 'sqlite', location: join(dataDir, 'pim.sqlite') })
    expect(back.current.kind).toBe('postgres') // until the restart
    shell.kill('SIGTERM')
    await shell.waitForExit()

    const local = await startShell({ dataDir })
    await expect.poll(() => local.output().stdout).toContain(`Data directory: ${dataDir}`)
    const brands = await local.call('entities.list', { type: 'brand', limit: 10 })
    expect(brands.items.map((brand) => brand.fields.name)).not.toContain('On the server')
  })

  it('leaves the choice to the command line when --database is given, and says so', async () => {
    const database = await cluster.createDatabase()
    const shell = await startShell({ serveArgs: ['--database', database] })
    const status = await shell.call('system.database', {})
    expect(status).toMatchObject({ fixedBy: '--database', next: { kind: 'postgres' } })
    const refused = await shell.post('system.chooseDatabase', { url: null })
    expect(refused.status).toBe(409)
    expect(JSON.stringify(refused.body)).toMatch(/set by --database/)
    expect(existsSync(join(shell.dataDir, 'database.json'))).toBe(false)
  })

  it('starts on SQLite as before when the stored choice is damaged', async () => {
    const dataDir = tempDir('pim-choice-')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dataDir, 'database.json'), '{"url": "not a url"')
    const shell = await startShell({ dataDir })
    expect((await shell.call('system.database', {})).current.kind).toBe('sqlite')
  })
})
