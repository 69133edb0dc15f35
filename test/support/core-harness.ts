import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiErrorBody, ApiMethod, ApiOutput } from '@shared/api-contract'
import { inject } from 'vitest'
import { startCore, type CoreOptions, type PimCore } from '../../src/main/core/pim-core'
import { createPgDatabase } from './pg-cluster'

export interface Harness {
  core: PimCore
  dataDir: string
  /**
   * The PostgreSQL URL in the `postgres` project (or an explicit `database`), else undefined:
   * pass it back as `database` to start a second core on the same data (a restart).
   */
  database: string | undefined
  /** Calls the API and returns its data, failing the test on an error answer. */
  call<M extends ApiMethod>(method: M, input?: unknown): Promise<ApiOutput<M>>
  /** Calls the API expecting an error answer and returns it. */
  fail(method: string, input?: unknown): Promise<ApiErrorBody>
  close(): Promise<void>
}

export function tempDir(prefix = 'pim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** True in the `postgres` test project: every harness core runs on its own PostgreSQL database. */
export const onPostgres = process.env.PIM_TEST_DATABASE === 'postgres'

/**
 * A core on a real SQLite file in a fresh temp folder (`:memory:` when asked), or, in the
 * `postgres` project, on a fresh database of the run's throwaway PostgreSQL server (a copy of one
 * already migrated, see pg-global-setup.ts; the core seeds it as on any first start).
 */
export async function startHarness(options: Partial<CoreOptions> = {}): Promise<Harness> {
  // A folder the caller names stays theirs; one made here goes away with the harness.
  const ownDir = options.dataDir === undefined ? tempDir() : null
  const dataDir = options.dataDir ?? ownDir!
  // An explicit database wins (a restart); `:memory:` is SQLite's speed trick, not a choice of
  // database, so the postgres project replaces it with a fresh database too.
  const explicit = options.database !== undefined && options.database !== ':memory:'
  const database = explicit
    ? options.database
    : onPostgres
      ? await createPgDatabase(inject('pgUrl'), 'pim_test', inject('pgTemplate'))
      : options.database
  // PIM_TEST_VERBOSE=1 shows what the core logs (internal errors) while chasing a failure.
  const logError = process.env.PIM_TEST_VERBOSE ? console.error : () => {}
  // Team mode turns the private-network guard on by default, and these suites deliver to
  // loopback receivers: on PostgreSQL it stays off unless a test sets it (the guard's own tests).
  const settings = onPostgres
    ? { blockPrivateNetworks: false, ...options.settings }
    : options.settings
  const core = await startCore({
    dataDir,
    logError,
    ...options,
    ...(settings ? { settings } : {}),
    database
  })
  return {
    core,
    dataDir,
    database,
    async call(method, input = {}) {
      const response = await core.call(method, input)
      if (!response.ok) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`)
      return response.data as never
    },
    async fail(method, input = {}) {
      const response = await core.call(method, input)
      if (response.ok)
        throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(response.data)}`)
      return response.error
    },
    async close() {
      await core.close(1_000)
      if (ownDir) rmSync(ownDir, { recursive: true, force: true })
    }
  }
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/**
 * Lets time pass, for a negative assertion only: "after a wake with nothing due, nothing was sent"
 * has no event to wait for, so the test gives the code under test a moment to do what it must
 * not, then looks. Anything a test expects to happen is waited for with `eventually` (or a
 * receiver's `waitFor`) instead, never with this.
 */
export function quietPeriod(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
