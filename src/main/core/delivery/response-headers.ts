/** At most this many response headers are kept per attempt. */
export const RESPONSE_HEADERS_MAX = 50
/** At most this many bytes of names and values are kept per attempt. */
export const RESPONSE_HEADERS_MAX_BYTES = 8 * 1024

export interface KeptHeaders {
  headers: Record<string, string>
  /** Headers left out by the caps or because they were not text. */
  omitted: number
}

/**
 * The part of a receiver's response headers the log keeps. The receiver is not trusted: only
 * string names and values count, names are lower-cased, and the first 50 headers within 8 KiB
 * are kept (a header that does not fit is left out whole, never cut), so one attempt's headers
 * stay small in the log whatever the receiver sends. Also reads stored headers back, where a
 * damaged value gives nothing rather than an error.
 */
export function keepResponseHeaders(raw: unknown): KeptHeaders {
  const headers: Record<string, string> = Object.create(null) as Record<string, string>
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { headers: {}, omitted: 0 }
  let omitted = 0
  let bytes = 0
  let count = 0
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'string' || name === '') {
      omitted++
      continue
    }
    const size = Buffer.byteLength(name) + Buffer.byteLength(value)
    if (count >= RESPONSE_HEADERS_MAX || bytes + size > RESPONSE_HEADERS_MAX_BYTES) {
      omitted++
      continue
    }
    headers[name.toLowerCase()] = value
    bytes += size
    count++
  }
  return { headers: { ...headers }, omitted }
}
