import { expect } from 'vitest'
import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

/**
 * The child: the app's own migrations (loaded from source with jiti, which the dev tooling
 * already ships), except that the named one, once its work is done, tells the parent and then
 * hangs inside knex's migration transaction, uncommitted, until the parent SIGKILLs the process.
 */
const CHILD = `
import { createJiti } from 'jiti'
const jiti = createJiti(process.cwd() + '/')
const { migrationSource } = await jiti.import('./src/main/core/db/migration-source.ts')
const { createKnex } = await jiti.import('./src/main/core/db/knex-factory.ts')
const target = process.env.KILL_IN_MIGRATION
const source = {
  ...migrationSource,
  async getMigration(name) {
    const migration = await migrationSource.getMigration(name)
    if (name !== target) return migration
    return {
      ...migration,
      async up(db) {
        await migration.up(db)
        process.send('inside')
        await new Promise(() => {})
      }
    }
  }
}
await createKnex(process.env.KILL_DATABASE).migrate.latest({ migrationSource: source })
process.send('finished')
`

/**
 * Runs the migrations on `database` in a separate process and SIGKILLs it in the middle of
 * `name`: after that migration did its work, before its transaction commits.
 */
export async function killInsideMigration(database: string, name: string): Promise<void> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: resolve(__dirname, '../..'),
    env: { ...process.env, KILL_DATABASE: database, KILL_IN_MIGRATION: name },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
  const exited = new Promise<NodeJS.Signals | null>((done) =>
    child.once('exit', (_code, signal) => done(signal))
  )
  const reached = await new Promise<unknown>((done) => {
    child.once('message', done)
    void exited.then(() => done('exited'))
  })
  if (reached !== 'inside') {
    child.kill('SIGKILL')
    throw new Error(
      `the migration process did not stop inside ${name} (${String(reached)}): ${stderr}`
    )
  }
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
}
