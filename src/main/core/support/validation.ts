import type { z } from 'zod'
import type { ApiIssue } from '@shared/api-contract'
import { CoreError } from './core-error'

function issuePath(prefix: string, path: PropertyKey[]): string {
  return [prefix, ...path.map(String)].filter(Boolean).join('.') || '(arguments)'
}

/** Parse or throw an invalid_argument error whose message names every offending field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = ''
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues: ApiIssue[] = result.error.issues.map((issue) => ({
    path: issuePath(prefix, issue.path),
    message:
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message
  }))
  const message = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
  throw new CoreError('invalid_argument', message, issues)
}
