import type { TestProject } from 'vitest/node'
import { createKnex } from '../../src/main/core/db/knex-factory'
import { migrateToLatest } from '../../src/main/core/db/migrate'
import { runPgCluster, testRunDir } from './pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway PostgreSQL server (its `postgres` database). */
    pgUrl: string
    /** A database holding the latest schema and nothing else, for harnesses to copy. */
    pgTemplate: string
  }
}

/**
 * The `postgres` test project: each harness core gets its own database on the run's shared
 * cluster (the one test/pg uses too; global-setup.ts stops it after the run). The databases are
 * copies of one migrated once here: a copy costs a fraction of running every migration again for
 * each test, and the migrations themselves are tested from empty in test/pg and at this start.
 */
export default async function setup(project: TestProject): Promise<void> {
  const cluster = await runPgCluster(testRunDir())
  const template = await cluster.createDatabase('pim_template')
  const db = createKnex(template)
  try {
    await migrateToLatest(db)
  } finally {
    await db.destroy()
  }
  project.provide('pgUrl', cluster.url())
  project.provide('pgTemplate', new URL(template).pathname.slice(1))
}
