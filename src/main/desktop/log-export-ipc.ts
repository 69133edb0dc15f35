import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { basename, join } from 'node:path'
import { z } from 'zod'
import type { ApiResponse, LogExportFormat } from '@shared/api-contract'
import { logExportFileName, type LogExportOutcome } from '@shared/log-export'
import {
  EXPORT_ID_PATTERN,
  LOG_EXPORT_CANCEL_CHANNEL,
  LOG_EXPORT_PROGRESS_CHANNEL,
  LOG_EXPORT_START_CHANNEL,
  type LogExportProgress
} from '@shared/log-export-ipc'
import { toErrorBody } from '../core/api/api-dispatcher'
import type { PimCore } from '../core/pim-core'
import { invalidArgument } from '../core/support/core-error'
import { parseOrThrow } from '../core/support/validation'
import { RunningExports, writeLogExportFile } from './log-export-file'

/**
 * The desktop shell's export of the delivery log: the renderer asks, the main process checks
 * the sender and the export's arguments, asks where to save with the system's dialog and writes
 * the file itself (`writeLogExportFile`), pushing progress to that window only. The renderer
 * never names a path: it can only export to where the operator chose.
 */

const exportId = z.string().regex(EXPORT_ID_PATTERN, 'must be 8 to 64 letters, digits, _ or -')
const startRequest = z.strictObject({ exportId, input: z.unknown() })

const FILTERS: Record<LogExportFormat, Electron.FileFilter> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  ndjson: { name: 'NDJSON (one JSON object per line)', extensions: ['ndjson'] }
}

const forbidden = { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } } as const

export function registerLogExportIpc(
  logExport: PimCore['logExport'],
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
): void {
  const running = new RunningExports()

  ipcMain.handle(
    LOG_EXPORT_START_CHANNEL,
    async (event, request: unknown): Promise<ApiResponse<LogExportOutcome>> => {
      if (!isTrustedSender(event)) return forbidden
      const contents = event.sender
      let started: string | null = null
      const stopAll = () => running.cancelAllOf(contents.id)
      try {
        const parsed = parseOrThrow(startRequest, request)
        const input = await logExport.prepareExport(parsed.input)
        const signal = running.begin(parsed.exportId, contents.id)
        if (!signal)
          throw invalidArgument('exportId', `export ${parsed.exportId} is already running`)
        started = parsed.exportId
        contents.once('destroyed', stopAll)
        const options: Electron.SaveDialogOptions = {
          title: 'Export the delivery log',
          defaultPath: join(app.getPath('downloads'), logExportFileName(input.appId, input.format)),
          filters: [FILTERS[input.format]],
          properties: ['createDirectory', 'showOverwriteConfirmation']
        }
        const window = BrowserWindow.fromWebContents(contents)
        const choice = await (window
          ? dialog.showSaveDialog(window, options)
          : dialog.showSaveDialog(options))
        if (choice.canceled || !choice.filePath) return { ok: true, data: { status: 'dismissed' } }
        const fileName = basename(choice.filePath)
        const report = (rows: number): void => {
          if (contents.isDestroyed()) return
          const progress: LogExportProgress = { exportId: parsed.exportId, rows, fileName }
          contents.send(LOG_EXPORT_PROGRESS_CHANNEL, progress)
        }
        report(0)
        const result = await writeLogExportFile(logExport, input, {
          file: choice.filePath,
          signal,
          onProgress: report
        })
        return { ok: true, data: result }
      } catch (error) {
        return {
          ok: false,
          error: toErrorBody(error, (internal) => console.error('Log export failed:', internal))
        }
      } finally {
        if (started) running.end(started)
        contents.off('destroyed', stopAll)
      }
    }
  )

  ipcMain.handle(LOG_EXPORT_CANCEL_CHANNEL, (event, id: unknown) => {
    if (!isTrustedSender(event)) return forbidden
    const parsed = exportId.safeParse(id)
    return {
      ok: true,
      data: { cancelled: parsed.success && running.cancel(parsed.data, event.sender.id) }
    }
  })
}
