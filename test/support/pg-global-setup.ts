import type { TestProject } from 'vitest/node'
import { startPgCluster } from './pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the run's throwaway PostgreSQL server (its `postgres` database). */
    pgUrl: string
  }
}

/** The `postgres` test project: one throwaway cluster for the run; each core gets its own database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster()
  project.provide('pgUrl', cluster.url())
  return () => cluster.stop()
}
