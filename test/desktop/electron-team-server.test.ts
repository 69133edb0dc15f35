import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import pg from 'pg'
import type { DatabaseStatusDto, WebhookWithSecretDto } from '@shared/dto'
import { bootBundle } from '../support/electron-bundle'
import { sharedPgCluster, type PgCluster } from '../support/pg-shared'

/** The desktop app started after Settings chose a team server (database.json in userData). */
const appUrl = 'app://renderer/index.html'
let cluster: PgCluster
let userData: string
beforeAll(async () => {
  cluster = await sharedPgCluster()
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-team-'))
}, 60_000)
afterAll(async () => {
  rmSync(userData, { recursive: true, force: true })
})

it('runs on the chosen PostgreSQL and keeps webhook secrets usable by the server workers', async () => {
  const database = await cluster.createDatabase()
  writeFileSync(join(userData, 'database.json'), JSON.stringify({ url: database }))
  const desktop = bootBundle({ PIM_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' })
  try {
    await desktop.next('load')
    const status = (await desktop.invoke('system.database', appUrl)).data as DatabaseStatusDto
    expect(status.current).toEqual({ kind: 'postgres', location: database })
    const [app] = (await desktop.invoke('apps.list', appUrl)).data as Array<{ id: number }>
    const created = (
      await desktop.invoke('webhooks.create', appUrl, {
        appId: app.id,
        url: 'https://example.com/hook',
        events: ['brand.created']
      })
    ).data as WebhookWithSecretDto
    // Stored as it is, not sealed by this computer's keychain: another machine's worker signs.
    const client = new pg.Client({ connectionString: database })
    await client.connect()
    try {
      const { rows } = await client.query<{ secret: string }>('SELECT secret FROM webhooks')
      expect(rows).toEqual([{ secret: created.secret }])
    } finally {
      await client.end()
    }
    desktop.send({ cmd: 'quit' })
    expect(await desktop.exited).toBe(0)
  } finally {
    if (desktop.child.exitCode === null) desktop.child.kill('SIGKILL')
  }
})
