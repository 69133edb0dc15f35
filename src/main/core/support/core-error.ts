import type { ApiErrorCode, ApiIssue } from '../../../shared/api-contract'

/**
 * An error meant for the operator: it carries a code the transports map to a status and a
 * message that names the offending field or record.
 */
export class CoreError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ApiIssue[]
  ) {
    super(message)
    this.name = 'CoreError'
  }
}

export const notFound = (what: string, id: number | string): CoreError =>
  new CoreError('not_found', `${what} ${id} does not exist`)

export const invalidArgument = (path: string, message: string): CoreError =>
  new CoreError('invalid_argument', `${path}: ${message}`, [{ path, message }])

export const conflict = (message: string): CoreError => new CoreError('conflict', message)
