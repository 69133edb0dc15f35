export const WEBHOOK_URL_MAX_LENGTH = 2048

/**
 * Why a webhook target URL is unacceptable, or null when it is fine. Shared so the create form
 * can say the same thing as the API while the operator types.
 */
export function webhookUrlProblem(value: string): string | null {
  if (value.trim() === '') return 'URL is required'
  if (value.length > WEBHOOK_URL_MAX_LENGTH)
    return `URL must be at most ${WEBHOOK_URL_MAX_LENGTH} characters`
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'URL is not a valid absolute URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `URL scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`
  if (url.username || url.password) return 'URL must not contain credentials (user:password@)'
  if (!url.hostname) return 'URL must name a host'
  return null
}
