import type { ApiErrorCode, ApiIssue } from '@shared/api-contract'

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

/** A clash with existing data; with a `path`, the clash is that field's (a taken SKU). */
export const conflict = (message: string, path?: string): CoreError =>
  path
    ? new CoreError('conflict', `${path}: ${message}`, [{ path, message }])
    : new CoreError('conflict', message)
