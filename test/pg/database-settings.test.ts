import { existsSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { NO_POSTGRES_ANSWER } from '../../src/main/core/db/database-probe'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrateToLatest } from '../../src/main/core/db/migrate'
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
      expect(refused.code).toBe('invalid_argument')
      expect(refused.message).toContain(NO_POSTGRES_ANSWER)
      const missing = await harness.fail('system.testDatabase', { url: cluster.url('no_such_db') })
      expect(missing.message).toMatch(/database does not exist on that PostgreSQL server/)
      const notPostgres = await harness.fail('system.testDatabase', { url: 'mysql://h/db' })
      expect(notPostgres).toMatchObject({ code: 'invalid_argument' })
      expect(notPostgres.issues?.[0]).toMatchObject({ path: 'url' })
    } finally {
      await harness.close()
    }
  })

  it('answers only whether a PostgreSQL server answered, not what else is at a port', async () => {
    // Something that is not PostgreSQL, listening: a port scan would tell it from a closed one.
    const http = createServer((_req, res) => res.end('hello'))
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
    const { port } = http.address() as AddressInfo
    const harness = await startHarness()
    try {
      const answers = []
      for (const url of [
        cluster.url('pim').replace(/:\d+\//, `:${port}/`), // an HTTP server
        cluster.url('pim').replace(/:\d+\//, ':1/'), // nothing listening
        'postgres://pim@no-such-host.invalid/pim' // no such name
      ]) {
        const error = await harness.fail('system.testDatabase', { url })
        answers.push({ code: error.code, message: error.message })
      }
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1)
      expect(answers[0].message).toContain(NO_POSTGRES_ANSWER)
    } finally {
      await harness.close()
      http.close()
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

  it('never shows a password, in any form, through the API or the headless shell', async () => {
    const SECRET = 'Pa55-never-shown'
    const database = await cluster.createDatabase()
    // The test cluster trusts local connections, so each form connects, password ignored.
    const forms = [
      database.replace('pim@', `pim:${SECRET}@`),
      `${database}?password=${SECRET}`,
      `${database}?sslpassword=${SECRET}&application_name=pim`,
      `${database}?pass%77ord=${SECRET}`
    ]
    const harness = await startHarness()
    try {
      for (const url of forms) {
        const chosen = await harness.call('system.chooseDatabase', { url })
        expect(JSON.stringify(chosen), url).not.toContain(SECRET)
        expect(chosen.next.location, url).toContain('***')
        expect(JSON.stringify(await harness.call('system.database')), url).not.toContain(SECRET)
        expect((await harness.call('system.testDatabase', { url })).serverVersion).toBeTruthy()
      }
      const malformed = await harness.fail('system.testDatabase', {
        url: `postgres://pim:${SECRET}@127.0.0.1`
      })
      expect(malformed.issues?.[0]).toMatchObject({ path: 'url' })
      expect(JSON.stringify(malformed)).toMatch(/names no database/)
      expect(JSON.stringify(malformed)).not.toContain(SECRET)
      const unreachable = await harness.fail('system.testDatabase', {
        url: forms[1].replace(/:\d+\//, ':1/')
      })
      expect(JSON.stringify(unreachable)).not.toContain(SECRET)
    } finally {
      await harness.close()
    }

    for (const url of forms) {
      const shell = await startShell({ serveArgs: ['--database', url] })
      await expect.poll(() => shell.output().stdout).toContain('(team mode)')
      expect(JSON.stringify(await shell.call('system.database', {}))).not.toContain(SECRET)
      shell.kill('SIGTERM')
      await shell.waitForExit()
      const { stdout, stderr } = shell.output()
      expect(stdout + stderr, url).not.toContain(SECRET)
      // As for --token: the process list shows the command line to every local user.
      expect(stderr, url).toMatch(/--database holds a password, visible to every local user/)
    }
    const fromEnv = await startShell({ env: { PIM_DATABASE_URL: forms[2] } })
    await expect.poll(() => fromEnv.output().stdout).toContain('(team mode)')
    fromEnv.kill('SIGTERM')
    await fromEnv.waitForExit()
    expect(fromEnv.output().stderr).not.toMatch(/holds a password/)
    expect(fromEnv.output().stdout).not.toContain(SECRET)

    // A malformed URL or an unreachable server: the error says what is wrong, not the URL.
    for (const [url, why] of [
      [`postgres://pim:${SECRET}@127.0.0.1`, /--database names no database/],
      [`postgres://pim:${SECRET}%zz@127.0.0.1/db`, /not valid percent-encoding/],
      [`pim:${SECRET}@127.0.0.1/db`, /must start with postgres:\/\//],
      [forms[1].replace(/:\d+\//, ':1/'), /failed to start/]
    ] as const) {
      const failed = await startShell({ serveArgs: ['--database', url] }).then(
        () => new Error('started'),
        (error: Error) => error
      )
      expect(failed.message, url).toMatch(why)
      expect(failed.message, url).not.toContain(SECRET)
    }
  }, 120_000)
})
