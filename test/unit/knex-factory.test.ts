import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { tempDir } from '../support/core-harness'

const dirs: string[] = []

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function failure(run: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await run()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('the query should have failed')
}

describe('createKnex query errors', () => {
  it('carry the SQL and the SQLite code but not the values bound to the query', async () => {
    const dir = tempDir('pim-knex-')
    dirs.push(dir)
    const db = createKnex(join(dir, 'errors.sqlite'))
    try {
      await db.schema.createTable('secrets', (table) => table.string('value').unique())
      const secret = 'whsec_c2VjcmV0LXZhbHVlLW5vdC10by1sZWFr'
      await db('secrets').insert({ value: secret })

      const duplicate = await failure(() => db('secrets').insert({ value: secret }))
      expect(duplicate.message).toBe(
        'insert into `secrets` (`value`) values (?) - SQLITE_CONSTRAINT: UNIQUE constraint failed: secrets.value'
      )
      expect(duplicate.code).toBe('SQLITE_CONSTRAINT')

      const raw = await failure(() =>
        db.raw('select * from secrets where value = ? and missing = ?', [
          secret,
          'jane@example.com'
        ])
      )
      expect(raw.message).toContain('select * from secrets where value = ? and missing = ?')
      expect(raw.message).toContain('no such column: missing')
      expect(raw.code).toBe('SQLITE_ERROR')

      // Whatever a logger prints of them: message, stack, own properties.
      for (const error of [duplicate, raw]) {
        const printed = `${error.message}\n${String(error.stack)}\n${inspect(error)}`
        expect(printed).not.toContain(secret)
        expect(printed).not.toContain('jane@example.com')
      }
    } finally {
      await db.destroy()
    }
  })
})
