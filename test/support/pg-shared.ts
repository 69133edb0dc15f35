import { inject } from 'vitest'
import { runPgCluster, type PgCluster } from './pg-cluster'

/**
 * The test run's shared throwaway PostgreSQL server (started by the first file that asks, stopped
 * after the run). A file makes its own databases on it with `createDatabase()`.
 */
export const sharedPgCluster = (): Promise<PgCluster> => runPgCluster(inject('pgRunDir'))

export type { PgCluster }
