import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { createReadStream } from 'node:fs'
import { basename } from 'node:path'
import type { ApiResponse } from '@shared/api-contract'
import type { StagedUpload } from '@shared/imports'
import { IMPORT_FILE_CHOOSE_CHANNEL } from '@shared/import-upload'
import { toErrorBody } from '../core/api/api-dispatcher'
import type { PimCore } from '../core/pim-core'

/**
 * The desktop shell's way in for a file to import: the renderer asks, the main process checks
 * the sender, shows the system's open dialog (CSV, XLSX) modal to the window that asked, and
 * streams the chosen file into `core.imports.stage`, as the headless shell streams an upload.
 * The renderer never names a path: it can only stage a file the operator picked.
 */

const FILTERS: Electron.FileFilter[] = [
  { name: 'Spreadsheets (CSV, XLSX)', extensions: ['csv', 'xlsx'] },
  { name: 'CSV (UTF-8)', extensions: ['csv'] },
  { name: 'Excel workbook', extensions: ['xlsx'] }
]

const forbidden = { ok: false, error: { code: 'forbidden', message: 'Untrusted sender' } } as const

export function registerImportFileIpc(
  imports: PimCore['imports'],
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
): void {
  ipcMain.handle(
    IMPORT_FILE_CHOOSE_CHANNEL,
    async (event): Promise<ApiResponse<StagedUpload | null>> => {
      if (!isTrustedSender(event)) return forbidden
      try {
        const options: Electron.OpenDialogOptions = {
          title: 'Import records from a file',
          filters: FILTERS,
          properties: ['openFile']
        }
        const window = BrowserWindow.fromWebContents(event.sender)
        const choice = await (window
          ? dialog.showOpenDialog(window, options)
          : dialog.showOpenDialog(options))
        const path = choice.filePaths[0]
        if (choice.canceled || !path) return { ok: true, data: null }
        const staged = await imports.stage(createReadStream(path), basename(path))
        return { ok: true, data: staged }
      } catch (error) {
        return {
          ok: false,
          error: toErrorBody(error, (internal) => console.error('Import file failed:', internal))
        }
      }
    }
  )
}
