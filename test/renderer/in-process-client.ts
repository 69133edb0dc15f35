import type { PimCore } from '../../src/main/core/pim-core'
import type { ApiMethodName } from '@shared/api-methods'
import { createApiClient, type ApiClient } from '../../src/renderer/src/api/client'

/**
 * The renderer's real API client wired straight to a real core: stores and components under
 * test talk to SQLite and the delivery worker, with only the IPC/HTTP hop left out.
 */
export function inProcessClient(core: PimCore): ApiClient {
  return createApiClient({
    call: (method: ApiMethodName, input: unknown) => core.call(method, input),
    subscribe: (listener) => core.onPush(listener)
  })
}
