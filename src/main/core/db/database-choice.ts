import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { isPostgresUrl } from './knex-factory'

/**
 * Which database the next start uses, chosen in Settings: `database.json` in the data folder, so
 * both shells read it before the core starts (a `--database` flag or `PIM_DATABASE_URL` wins).
 * It holds the URL with its password: the data folder is private to this user (as the SQLite
 * file and the webhook secrets are).
 */
export const DATABASE_CHOICE_FILE = 'database.json'

const choiceSchema = z.strictObject({ url: z.string().refine(isPostgresUrl).nullable() })

/** The chosen PostgreSQL URL, or null for SQLite in the data folder (also when unreadable). */
export function readDatabaseChoice(dataDir: string): string | null {
  let text: string
  try {
    text = readFileSync(join(dataDir, DATABASE_CHOICE_FILE), 'utf8')
  } catch {
    return null
  }
  try {
    return choiceSchema.parse(JSON.parse(text)).url
  } catch {
    // A damaged file must not keep the app from starting on the data it always had.
    return null
  }
}

export function writeDatabaseChoice(dataDir: string, url: string | null): void {
  writeFileSync(join(dataDir, DATABASE_CHOICE_FILE), JSON.stringify({ url }, null, 2) + '\n', {
    mode: 0o600
  })
}
