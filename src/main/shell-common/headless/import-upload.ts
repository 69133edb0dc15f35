import type { IncomingMessage, ServerResponse } from 'node:http'
import { Transform } from 'node:stream'
import { MAX_IMPORT_BYTES } from '@shared/imports'
import {
  IMPORT_FILE_NAME_PARAM,
  IMPORT_UPLOAD_MEDIA_TYPES,
  importFileNameProblem,
  TOO_LARGE_MESSAGE
} from '@shared/import-upload'
import { toErrorBody } from '../../core/api/api-dispatcher'
import type { PimCore } from '../../core/pim-core'
import type { RequestTarget } from './request-target'
import { sendError, sendJson } from './responses'

const MEDIA_TYPES = new Set<string>(IMPORT_UPLOAD_MEDIA_TYPES)

/**
 * Answers an upload that is refused before the whole body was read. The connection is closed
 * after the answer, and the rest of the body is read and dropped meanwhile, so the client, still
 * sending, hears the answer instead of a reset.
 */
function refuseMidBody(req: IncomingMessage, res: ServerResponse, send: () => void): void {
  res.setHeader('connection', 'close')
  req.resume()
  send()
}

/**
 * `POST /api/imports/upload?name=products.csv` with the file's bytes as the body (the token
 * checked by the caller, as for every API route): streams the body into `core.imports.stage`,
 * which writes it to the data folder as it arrives, so memory does not grow with the file, and
 * answers the `StagedUpload` in the usual `{ok, data}` envelope. A declared length over the cap
 * is refused before a byte is read; a body growing past it while it arrives (chunked) is refused
 * once it does; both with 413, and the core keeps nothing of a refused file.
 */
export async function receiveImportUpload(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  imports: PimCore['imports']
): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST')
    return refuseMidBody(req, res, () =>
      sendError(res, { code: 'invalid_argument', message: 'Uploads are sent with POST' }, 405)
    )
  }
  const fileName = target.query.get(IMPORT_FILE_NAME_PARAM)
  const nameProblem = importFileNameProblem(fileName)
  if (nameProblem)
    return refuseMidBody(req, res, () =>
      sendError(res, {
        code: 'invalid_argument',
        message: `${IMPORT_FILE_NAME_PARAM}: ${nameProblem}`,
        issues: [{ path: IMPORT_FILE_NAME_PARAM, message: nameProblem }]
      })
    )
  const mediaType = (req.headers['content-type'] ?? 'application/octet-stream')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  if (!MEDIA_TYPES.has(mediaType))
    return refuseMidBody(req, res, () =>
      sendError(
        res,
        {
          code: 'invalid_argument',
          message: `Content-Type ${mediaType} is not taken: send the file's bytes as the body (application/octet-stream), not a form`
        },
        415
      )
    )
  const declared = Number(req.headers['content-length'] ?? NaN)
  if (declared > MAX_IMPORT_BYTES)
    return refuseMidBody(req, res, () =>
      sendError(res, { code: 'invalid_argument', message: TOO_LARGE_MESSAGE }, 413)
    )

  // The core destroys the stream it was given when it refuses the file; handing it this counter
  // rather than the request keeps the socket open for the answer.
  let bytes = 0
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length
      done(null, chunk)
    }
  })
  req.pipe(counted)
  let aborted = false
  // A client gone mid-body: the core's stream ends in an error, so the partial file goes.
  req.once('close', () => {
    if (req.complete) return
    aborted = true
    counted.destroy(new Error('the upload was aborted'))
  })
  try {
    const staged = await imports.stage(counted, fileName!)
    sendJson(res, 200, { ok: true, data: staged })
  } catch (error) {
    req.unpipe(counted)
    if (aborted || res.destroyed) return
    const body = toErrorBody(error, (internal) => console.error('Import upload failed:', internal))
    refuseMidBody(req, res, () =>
      bytes > MAX_IMPORT_BYTES ? sendError(res, body, 413) : sendError(res, body)
    )
  }
}
