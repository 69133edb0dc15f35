import type { ServerResponse } from 'node:http'
import type { ApiErrorBody } from '@shared/api-contract'
import { httpStatusOf } from '../../core/api/api-dispatcher'
import { CONTENT_SECURITY_POLICY } from '../content-security-policy'

/**
 * Sent with every answer, JSON and event streams included: the policy only matters for HTML, but
 * an error page or a mislabelled file must not become a way around it. CORP keeps other sites'
 * pages from embedding the shell's files with `<script>` or `<img>`.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin'
}

export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store'
  })
  res.end(text)
}

export function sendError(
  res: ServerResponse,
  error: ApiErrorBody,
  status = httpStatusOf[error.code]
): void {
  sendJson(res, status, { ok: false, error })
}
