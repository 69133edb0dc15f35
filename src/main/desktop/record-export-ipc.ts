import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { z } from 'zod'
import type { ApiResponse } from '@shared/api-contract'
import { EXPORT_ID_PATTERN } from '@shared/log-export-ipc'
import {
  recordExportFileName,
  type RecordExportFormat,
  type RecordExportOutcome
} from '@shared/record-export'
import {
  RECORD_EXPORT_CANCEL_CHANNEL,
  RECORD_EXPORT_PROGRESS_CHANNEL,
  RECORD_EXPORT_START_CHANNEL,
  type RecordExportIpcProgress
} from '@shared/record-export-ipc'
import { toErrorBody } from '../core/api/api-dispatcher'
import type { PimCore } from '../core/pim-core'
import { invalidArgument } from '../core/support/core-error'
import { parseOrThrow } from '../core/support/validation'
import { RunningExports, writeLogExportFile } from './log-export-file'

/**
 * The desktop shell's record export, as the delivery log's (`log-export-ipc.ts`): the sender
 * is checked, then the input (and the count it selects), the system's save dialog asks where,
 * and the main process writes the file through `writeLogExportFile` (hidden partial file renamed
 * when complete, deleted on cancel or failure), pushing progress to the asking window only.
 */

const exportId = z.string().regex(EXPORT_ID_PATTERN, 'must be 8 to 64 letters, digits, _ or -')
const startRequest = z.strictObject({ exportId, input: z.unknown() })

const FILTERS: Record<RecordExportFormat, Electron.FileFilter> = {
  csv: { name: 'CSV (spreadsheets)', extensions: ['csv'] },
  xlsx: { name: 'Excel workbook', extensions: ['xlsx'] }
}

const forbidden = { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } } as const

export function registerRecordExportIpc(
  recordExport: PimCore['recordExport'],
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
): void {
  const running = new RunningExports()

  ipcMain.handle(
    RECORD_EXPORT_START_CHANNEL,
    async (event, request: unknown): Promise<ApiResponse<RecordExportOutcome>> => {
      if (!isTrustedSender(event)) return forbidden
      const contents = event.sender
      let started: string | null = null
      const stopAll = () => running.cancelAllOf(contents.id)
      try {
        const parsed = parseOrThrow(startRequest, request)
        const { input, total } = await recordExport.prepareExport(parsed.input)
        const signal = running.begin(parsed.exportId, contents.id)
        if (!signal)
          throw invalidArgument('exportId', `export ${parsed.exportId} is already running`)
        started = parsed.exportId
        contents.once('destroyed', stopAll)
        const options: Electron.SaveDialogOptions = {
          title: 'Export records',
          defaultPath: join(
            app.getPath('downloads'),
            recordExportFileName(input.type, input.format)
          ),
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
          const progress: RecordExportIpcProgress = {
            exportId: parsed.exportId,
            rows,
            total,
            fileName
          }
          contents.send(RECORD_EXPORT_PROGRESS_CHANNEL, progress)
        }
        report(0)
        const result = await writeLogExportFile(recordExport, input, {
          file: choice.filePath,
          signal,
          onProgress: report
        })
        if (result.status === 'cancelled') return { ok: true, data: result }
        const { size } = await stat(choice.filePath)
        return { ok: true, data: { ...result, bytes: size } }
      } catch (error) {
        return {
          ok: false,
          error: toErrorBody(error, (internal) => console.error('Record export failed:', internal))
        }
      } finally {
        if (started) running.end(started)
        contents.off('destroyed', stopAll)
      }
    }
  )

  ipcMain.handle(RECORD_EXPORT_CANCEL_CHANNEL, (event, id: unknown) => {
    if (!isTrustedSender(event)) return forbidden
    const parsed = exportId.safeParse(id)
    return {
      ok: true,
      data: { cancelled: parsed.success && running.cancel(parsed.data, event.sender.id) }
    }
  })
}
