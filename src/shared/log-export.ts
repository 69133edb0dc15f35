import type { LogExportFormat } from './api-contract'

/**
 * The file name an export of the delivery log suggests, the same in both shells and in the
 * headless shell's `Content-Disposition`: the app and the (UTC) day it was written.
 */
export function logExportFileName(
  appId: number,
  format: LogExportFormat,
  at: Date = new Date()
): string {
  return `delivery-log-app-${appId}-${at.toISOString().slice(0, 10)}.${format}`
}

/**
 * How an export ended, as the renderer reports it: written to a file (its name, without the
 * folder; `browserDownload` when a browser without a file picker saved it among its downloads),
 * cancelled by the operator (the partial file is gone), or never started because the save
 * dialog was closed without choosing a file.
 */
export type LogExportOutcome =
  | { status: 'written'; rows: number; fileName: string; browserDownload?: boolean }
  | { status: 'cancelled'; rows: number }
  | { status: 'dismissed' }

const LF = 0x0a
const QUOTE = 0x22

/**
 * Counts the attempts in an export's bytes as they stream past, chunk by chunk: NDJSON has one
 * line per attempt; CSV has a header record and one record per attempt, each ending in CRLF,
 * where a quoted field may hold line breaks (RFC 4180, a quote inside doubled, so every quote
 * toggles). Works on the UTF-8 bytes without decoding them: no byte of a multi-byte character
 * is a quote or a line feed.
 */
export function exportRowCounter(format: LogExportFormat): { add(bytes: Uint8Array): number } {
  let lines = 0
  let quoted = false
  return {
    add(bytes) {
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i]
        if (byte === LF) {
          if (!quoted) lines++
        } else if (byte === QUOTE && format === 'csv') quoted = !quoted
      }
      return format === 'csv' ? Math.max(0, lines - 1) : lines
    }
  }
}
