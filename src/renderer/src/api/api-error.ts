import type { ApiErrorBody, ApiErrorCode, ApiIssue } from '@shared/api-contract'

/** A failed API call, carrying the server's code, message and per-field issues. */
export class ApiError extends Error {
  readonly code: ApiErrorCode | 'network'
  readonly issues: ApiIssue[]

  constructor(body: ApiErrorBody | { code: 'network'; message: string }) {
    super(body.message)
    this.name = 'ApiError'
    this.code = body.code
    this.issues = 'issues' in body && body.issues ? body.issues : []
  }

  /** Message for one field path (`url`, `data.sku`), if the server named it. */
  issueFor(path: string): string | null {
    return this.issues.find((issue) => issue.path === path)?.message ?? null
  }
}
