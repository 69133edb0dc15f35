/**
 * What an updater failure means for the operator, in words for Settings (pure). Every failure
 * leaves the app running as it is; the words say so, and never carry a URL's credentials.
 */

const CARRY_ON = 'The app carries on as it is and checks again within a day, or when you check now.'

/** Node's connection errors (plain Node) and Chromium's (`net::ERR_*`, Electron's net module). */
const unreachableCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'server name not found',
  EAI_AGAIN: 'server name not found',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'no route to the server',
  ENETUNREACH: 'no network'
}

interface ErrorLike {
  message?: unknown
  code?: unknown
  statusCode?: unknown
}

/** Userinfo (user:password@) and query strings (signed download links) out of every URL. */
export function redactUrls(text: string): string {
  return text.replace(
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#"'<>]*@)?([^\s?#"'<>]*)(\?[^\s#"'<>]*)?/gi,
    (_url, scheme: string, userinfo: string | undefined, rest: string, query: string | undefined) =>
      `${scheme}${userinfo ? '***@' : ''}${rest}${query ? '?…' : ''}`
  )
}

function unreachableDetail(error: ErrorLike, message: string): string | null {
  const chromium = /net::ERR_([A-Z_]+)/.exec(message)
  if (chromium) return chromium[1].toLowerCase().replace(/_/g, ' ')
  if (typeof error.code === 'string' && unreachableCodes[error.code])
    return unreachableCodes[error.code]
  if (typeof error.statusCode === 'number' && error.statusCode >= 500)
    return `HTTP ${error.statusCode}`
  const download = /^Cannot download .*, status (\d+)/.exec(message)
  if (download && Number(download[1]) >= 500) return `HTTP ${download[1]}`
  if (/^Request timed out/.test(message)) return 'timed out'
  return null
}

export function describeUpdateError(error: unknown): string {
  const found: ErrorLike = typeof error === 'object' && error !== null ? error : {}
  const message = String(found.message ?? error)
  const code = typeof found.code === 'string' ? found.code : ''
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(message))
    return (
      'The downloaded update failed verification and was not installed: its sha512 does not ' +
      `match the release's update information. ${CARRY_ON}`
    )
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE')
    return (
      'The downloaded update failed verification and was not installed: it is not signed by ' +
      `the app's publisher. ${CARRY_ON}`
    )
  const unreachable = unreachableDetail(found, message)
  if (unreachable) return `Could not reach the update server (${unreachable}). ${CARRY_ON}`
  if (
    code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' ||
    code === 'ERR_UPDATER_INVALID_UPDATE_INFO' ||
    code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND' ||
    code === 'ERR_UPDATER_INVALID_VERSION' ||
    code === 'HTTP_ERROR_404'
  )
    return `The update server has no usable update information for this app. ${CARRY_ON}`
  const firstLine = redactUrls(message.split('\n')[0]).slice(0, 300)
  return `The update failed: ${firstLine} ${CARRY_ON}`
}
