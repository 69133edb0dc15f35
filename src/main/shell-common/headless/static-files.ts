import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, normalize, sep } from 'node:path'
import { contentTypeOf } from '../content-types'
import { sendError } from './responses'

/**
 * The built renderer, with client-side routes falling back to its index.html. `pathname` is
 * already percent-decoded; the security headers are already set on `res`.
 */
export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  staticDir: string | null,
  pathname: string
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD')
    return sendError(res, { code: 'invalid_argument', message: 'Method not allowed' }, 405)
  }
  if (!staticDir) return sendError(res, { code: 'not_found', message: 'No UI is bundled' })
  const root = normalize(staticDir)
  let file = normalize(join(root, pathname))
  if (file !== root && !file.startsWith(root + sep))
    return sendError(res, { code: 'forbidden', message: 'Path outside the UI folder' })
  let info = await stat(file).catch(() => null)
  if (info?.isDirectory()) {
    file = join(file, 'index.html')
    info = await stat(file).catch(() => null)
  }
  // Client-side routes fall back to the app shell.
  if (!info && !extname(file)) {
    file = join(root, 'index.html')
    info = await stat(file).catch(() => null)
  }
  if (!info?.isFile())
    return sendError(res, { code: 'not_found', message: `No such file: ${pathname}` })
  res.writeHead(200, {
    'content-type': contentTypeOf(file),
    'content-length': info.size
  })
  if (req.method === 'HEAD') return void res.end()
  // A file removed between stat and read must end this answer, not the process.
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
