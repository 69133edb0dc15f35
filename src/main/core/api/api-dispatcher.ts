import {
  apiInputSchemas,
  isApiMethod,
  type ApiErrorBody,
  type ApiMethod,
  type ApiOutput,
  type ApiResponse
} from '@shared/api-contract'
import type { StorageProblemDto } from '@shared/dto'
import { CoreError } from '../support/core-error'
import { storageProblemOf } from '../support/storage-problem'
import { parseOrThrow } from '../support/validation'
import { apiHandlers, type Services } from './api-handlers'

export type ApiCall = (method: string, input: unknown) => Promise<ApiResponse<unknown>>

/** HTTP status a transport should answer for each error code. */
export const httpStatusOf: Record<ApiErrorBody['code'], number> = {
  invalid_argument: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  unknown_method: 404,
  conflict: 409,
  storage_full: 507,
  storage_unavailable: 503,
  internal: 500
}

export function toErrorBody(
  error: unknown,
  onInternal?: (error: unknown) => void,
  onStorageProblem?: (problem: StorageProblemDto) => void
): ApiErrorBody {
  const problem = storageProblemOf(error)
  if (problem) {
    onStorageProblem?.(problem)
    return { code: problem.code, message: problem.message }
  }
  if (error instanceof CoreError)
    return {
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {})
    }
  onInternal?.(error)
  return { code: 'internal', message: 'Internal error; the details are in the application log.' }
}

/**
 * The single entry both shells use: name check, zod parse, handler, and errors turned into
 * `{ ok: false, error }` — never a thrown exception across a process boundary.
 */
export function createDispatcher(
  services: Services,
  onInternal?: (error: unknown) => void
): ApiCall {
  return async (method, input) => {
    try {
      if (!isApiMethod(method))
        throw new CoreError('unknown_method', `Unknown API method "${method}"`)
      const parsed = parseOrThrow(apiInputSchemas[method], input ?? {})
      const handler = apiHandlers[method] as (
        input: unknown,
        services: Services
      ) => Promise<unknown>
      return { ok: true, data: await handler(parsed, services) }
    } catch (error) {
      return {
        ok: false,
        error: toErrorBody(error, onInternal, (problem) => services.storage.report(problem))
      }
    }
  }
}

/** Typed convenience for callers inside the process (tests, the Electron shell). */
export async function callOrThrow<M extends ApiMethod>(
  call: ApiCall,
  method: M,
  input: unknown
): Promise<ApiOutput<M>> {
  const response = await call(method, input)
  if (!response.ok)
    throw new CoreError(response.error.code, response.error.message, response.error.issues)
  return response.data as ApiOutput<M>
}
