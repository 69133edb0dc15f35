import { protocol, session } from 'electron'
import { readFile } from 'node:fs/promises'
import { APP_SCHEME, resolveAppRequest } from './app-protocol'
import { contentTypeOf } from '../shell-common/content-types'
import { CONTENT_SECURITY_POLICY } from '../shell-common/content-security-policy'

/**
 * The renderer's origin and what it may do: app:// serves the built renderer folder and nothing
 * outside it, every permission is denied, and every response carries the CSP.
 */
export function secureSession(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, rendererDir))
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY]
      }
    })
  )
}

async function serveAppRequest(request: Request, rendererDir: string): Promise<Response> {
  const file = resolveAppRequest(request.url, rendererDir)
  const body = file ? await readFile(file).catch(() => null) : null
  if (!file || !body) return new Response('Not found', { status: 404 })
  return new Response(body, {
    headers: {
      'content-type': contentTypeOf(file),
      'content-security-policy': CONTENT_SECURITY_POLICY
    }
  })
}
