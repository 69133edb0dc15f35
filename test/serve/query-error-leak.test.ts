import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import knex from 'knex'
import { beforeEach, describe, expect, it } from 'vitest'
import { DATABASE_FILE } from '../../src/main/core/pim-core'
import { startShell, type ShellProcess } from '../support/shell-process'
import { productsApp } from './http-helpers'

let shell: ShellProcess

beforeEach(async () => {
  shell = await startShell()
})

/** A second connection to the shell's database makes every insert into `table` fail. */
async function refuseInserts(table: string): Promise<void> {
  const db = knex({
    client: 'sqlite3',
    connection: { filename: join(shell.dataDir, DATABASE_FILE) },
    useNullAsDefault: true
  })
  try {
    await db.raw(
      `CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} ` +
        `BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`
    )
  } finally {
    await db.destroy()
  }
}

describe('headless shell: failed queries', () => {
  it('logs the SQL and the SQLite error of a failed insert, never the values bound to it', async () => {
    await refuseInserts('webhooks')
    const app = await productsApp(shell)
    const secretish = `sk_live_${randomBytes(12).toString('hex')}`
    const answer = await shell.post('webhooks.create', {
      appId: app.id,
      url: `https://hooks.example.com/${secretish}`,
      events: ['product.created'],
      name: `token ${secretish}`
    })

    expect(answer.status).toBe(500)
    expect(JSON.stringify(answer.body)).not.toContain(secretish)
    if (answer.body.ok) throw new Error('the insert should have failed')
    expect(answer.body.error.code).toBe('internal')

    // What the operator gets to debug with: the statement and the driver's reason.
    await expect.poll(() => shell.output().stderr).toContain('refused by the test trigger')
    const { stderr, stdout } = shell.output()
    expect(stderr).toMatch(/insert into `webhooks`/)
    expect(stderr).toContain('SQLITE_CONSTRAINT')
    expect(stderr + stdout).not.toContain(secretish)
    expect(stderr + stdout).not.toContain('hooks.example.com')
    // The webhook secret the service generated was bound to the same insert.
    expect(stderr + stdout).not.toMatch(/whsec_/)
  })
})
