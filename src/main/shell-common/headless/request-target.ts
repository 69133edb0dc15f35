export interface RequestTarget {
  /** Percent-decoded path, always starting with `/`. */
  pathname: string
  query: URLSearchParams
}

/**
 * Splits the request target of an origin-form request (`/path?query`) without `new URL`, which
 * would read `//host/path` as another host. Null for anything a client could not have meant:
 * not starting with `/`, invalid percent-encoding (`/%E0%A4%A`), or a NUL byte once decoded.
 */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw?.startsWith('/')) return null
  const queryAt = raw.indexOf('?')
  const encodedPath = queryAt < 0 ? raw : raw.slice(0, queryAt)
  let pathname: string
  try {
    pathname = decodeURIComponent(encodedPath)
  } catch {
    return null
  }
  if (pathname.includes('\0')) return null
  return { pathname, query: new URLSearchParams(queryAt < 0 ? '' : raw.slice(queryAt + 1)) }
}
