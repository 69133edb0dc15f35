/**
 * What counts as a delivered webhook: any 2xx answer, and nothing else (a 3xx is a failure, since
 * redirects are never followed). Every check, in code and in SQL, derives from this range.
 */
export const SUCCESS_STATUS_RANGE: readonly [number, number] = [200, 299]

export function isSuccessStatus(status: number): boolean {
  return status >= SUCCESS_STATUS_RANGE[0] && status <= SUCCESS_STATUS_RANGE[1]
}
