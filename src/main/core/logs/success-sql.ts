import { SUCCESS_STATUS_RANGE } from '@shared/http-status'

/** SQL condition on a `response_status` column: the attempt succeeded (see shared/http-status). */
export function succeededSql(column = 'response_status'): string {
  return `${column} BETWEEN ${SUCCESS_STATUS_RANGE[0]} AND ${SUCCESS_STATUS_RANGE[1]}`
}
