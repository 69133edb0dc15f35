/**
 * The one Content-Security-Policy of the renderer, sent by the Electron shell (response header
 * on every load) and by the headless shell (every HTTP response). Kept free of imports so both
 * shells and the tests can use it.
 *
 * Inline styles stay allowed because PrimeVue themes inject them; inline scripts, eval, plugins,
 * `<base>` rewriting, native form posts and framing by any other page are not.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"]
}

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ')

/**
 * The same policy for a `<meta>` tag in index.html (a second line of defence should a header be
 * lost): `frame-ancestors` is dropped because browsers ignore it there and log an error.
 */
export const CONTENT_SECURITY_POLICY_META = Object.entries(CSP_DIRECTIVES)
  .filter(([name]) => name !== 'frame-ancestors')
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ')
