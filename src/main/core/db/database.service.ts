import type { DatabaseLocationDto, DatabaseStatusDto, DatabaseTestDto } from '@shared/dto'
import { conflict, invalidArgument } from '../support/core-error'
import { readDatabaseChoice, writeDatabaseChoice } from './database-choice'
import { probePostgres } from './database-probe'
import { redactedDatabaseUrl } from './database-url'
import { isPostgresUrl } from './knex-factory'

export interface DatabaseServiceOptions {
  dataDir: string
  /** The SQLite file or PostgreSQL URL this run uses. */
  current: string
  /** The SQLite file the data folder holds (what "This computer" means). */
  localFile: string
  /** `--database` or `PIM_DATABASE_URL` when one of them chose the database of this run. */
  fixedBy: string | null
}

function locationOf(database: string): DatabaseLocationDto {
  return isPostgresUrl(database)
    ? { kind: 'postgres', location: redactedDatabaseUrl(database) }
    : { kind: 'sqlite', location: database }
}

/**
 * The Settings side of "This computer or a team server": which database this run uses, a
 * connection test, and the choice for the next start. Switching never moves data by itself.
 */
export class DatabaseService {
  constructor(private readonly options: DatabaseServiceOptions) {}

  status(): DatabaseStatusDto {
    const { current, fixedBy, dataDir, localFile } = this.options
    const next = fixedBy ? current : (readDatabaseChoice(dataDir) ?? localFile)
    return { current: locationOf(current), next: locationOf(next), fixedBy }
  }

  async test(url: string): Promise<DatabaseTestDto> {
    try {
      return await probePostgres(url)
    } catch (error) {
      throw invalidArgument('url', (error as Error).message)
    }
  }

  choose(url: string | null): DatabaseStatusDto {
    if (this.options.fixedBy)
      throw conflict(
        `this run's database is set by ${this.options.fixedBy}; change it there, not in Settings`
      )
    writeDatabaseChoice(this.options.dataDir, url)
    return this.status()
  }
}
