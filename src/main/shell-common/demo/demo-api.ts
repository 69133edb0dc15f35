import type { ApiInput, ApiMethod, ApiOutput } from '@shared/api-contract'
import { callOrThrow, type ApiCall } from '../../core/api/api-dispatcher'

/**
 * The demo drives the app through its public API, exactly as the UI does, so everything it seeds
 * or simulates is validated, logged, revisioned and delivered like an operator's own work.
 */
export type DemoApi = <M extends ApiMethod>(method: M, input: ApiInput<M>) => Promise<ApiOutput<M>>

export function demoApi(call: ApiCall): DemoApi {
  return (method, input) => callOrThrow(call, method, input)
}
