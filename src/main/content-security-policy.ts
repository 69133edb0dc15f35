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
