import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiErrorBody, ApiMethod, ApiOutput } from '@shared/api-contract'
import { startCore, type CoreOptions, type PimCore } from '../../src/main/core/pim-core'

export interface Harness {
  core: PimCore
  dataDir: string
  /** Calls the API and returns its data, failing the test on an error answer. */
  call<M extends ApiMethod>(method: M, input?: unknown): Promise<ApiOutput<M>>
  /** Calls the API expecting an error answer and returns it. */
  fail(method: string, input?: unknown): Promise<ApiErrorBody>
  close(): Promise<void>
}

export function tempDir(prefix = 'pim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A core on a real SQLite file in a fresh temp folder. */
export async function startHarness(options: Partial<CoreOptions> = {}): Promise<Harness> {
  const dataDir = tempDir()
  const core = await startCore({ dataDir, logError: () => {}, ...options })
  return {
    core,
    dataDir,
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
      rmSync(dataDir, { recursive: true, force: true })
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
