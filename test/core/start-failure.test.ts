import { existsSync, readdirSync, readlinkSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { DATABASE_FILE, startCore } from '../../src/main/core/pim-core'
import { onPostgres, tempDir } from '../support/core-harness'

/** Files this process holds open under `dir` (Linux: /proc/self/fd); null where that is unknown. */
function openFilesUnder(dir: string): string[] | null {
  if (!existsSync('/proc/self/fd')) return null
  const open: string[] = []
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`)
      if (target.startsWith(dir)) open.push(target)
    } catch {
      // The descriptor closed while we looked (readdir's own, for one).
    }
  }
  return open
}

async function renameTable(file: string, from: string, to: string): Promise<void> {
  const db = createKnex(file)
  try {
    await db.schema.renameTable(from, to)
  } finally {
    await db.destroy()
  }
}

// The data-folder lock and the database file are SQLite's; a PostgreSQL run has neither.
describe.skipIf(onPostgres)('a start that fails half-way', () => {
  it('closes the database and releases the data-folder lock, so the next start succeeds', async () => {
    const dataDir = tempDir()
    const file = join(dataDir, DATABASE_FILE)
    const first = await startCore({ dataDir, logError: () => {} })
    await first.close()
    // Settings load after the database is open and migrated: without their table, that step fails.
    await renameTable(file, 'settings', 'settings_aside')

    await expect(startCore({ dataDir, logError: () => {} })).rejects.toThrow(/settings/)
    expect(existsSync(join(dataDir, 'pim.lock'))).toBe(false)
    const open = openFilesUnder(dataDir)
    if (open) expect(open).toEqual([])

    await renameTable(file, 'settings_aside', 'settings')
    const again = await startCore({ dataDir, logError: () => {} })
    try {
      expect(existsSync(join(dataDir, 'pim.lock'))).toBe(true)
      const answer = await again.call('settings.get', {})
      expect(answer.ok).toBe(true)
    } finally {
      await again.close()
    }
    expect(openFilesUnder(dataDir) ?? []).toEqual([])
  })
})
