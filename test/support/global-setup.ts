// The headless-shell tests run the built shell as a child process: build it once, up front.
// @ts-expect-error plain ESM helper without type declarations
import { buildIfStale } from '../../scripts/build-if-stale.mjs'
import type { TestProject } from 'vitest/node'
import { stopRunPgCluster, testRunDir } from './pg-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder of this run's shared PostgreSQL cluster (test/support/pg-shared.ts). */
    pgRunDir: string
  }
}

/**
 * Every test project runs this (the bench's setup too, without a project): the build is skipped
 * when out/ is fresh, and the teardowns after the run stop the one shared PostgreSQL cluster (the
 * first one does, the others find it gone).
 */
export default function setup(project?: TestProject): () => Promise<void> {
  buildIfStale()
  const runDir = testRunDir()
  project?.provide('pgRunDir', runDir)
  return () => stopRunPgCluster(runDir)
}
