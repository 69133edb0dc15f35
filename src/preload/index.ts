import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import {
  NAVIGATE_CHANNEL,
  UPGRADE_PROGRESS_CHANNEL,
  type UpgradeProgress
} from '@shared/desktop-ipc'
import type { PushEvent } from '@shared/dto'
import {
  LOG_EXPORT_CANCEL_CHANNEL,
  LOG_EXPORT_PROGRESS_CHANNEL,
  LOG_EXPORT_START_CHANNEL,
  type LogExportProgress
} from '@shared/log-export-ipc'
import { IMPORT_FILE_CHOOSE_CHANNEL } from '@shared/import-upload'
import {
  RECORD_EXPORT_CANCEL_CHANNEL,
  RECORD_EXPORT_PROGRESS_CHANNEL,
  RECORD_EXPORT_START_CHANNEL,
  type RecordExportIpcProgress
} from '@shared/record-export-ipc'

/**
 * Exposes one named function per contract method (no generic invoke: the renderer can reach
 * nothing else), a push subscription that hands back its own unsubscribe, the main process's
 * requests to open a route (a notification was clicked), the exports of the delivery log
 * and of records (start, cancel, progress), whose file the main process chooses with the
 * operator, and the choice of a file to import (the main process opens the dialog and reads
 * the file). The upgrade
 * window's page reads the progress of a data upgrade from `window.upgrade`.
 */
const methods: Record<string, (input?: unknown) => Promise<unknown>> = {}
for (const method of apiMethodNames)
  methods[method] = (input) => ipcRenderer.invoke(method, input ?? {})

function subscribe<T>(channel: string, listener: (payload: T) => void): () => void {
  const handler = (_event: IpcRendererEvent, payload: T): void => listener(payload)
  ipcRenderer.on(channel, handler)
  return () => ipcRenderer.off(channel, handler)
}

contextBridge.exposeInMainWorld('api', {
  ...methods,
  onPush: (listener: (event: PushEvent) => void): (() => void) => subscribe(PUSH_CHANNEL, listener),
  onNavigate: (listener: (path: string) => void): (() => void) =>
    subscribe(NAVIGATE_CHANNEL, listener),
  logExport: {
    start: (exportId: string, input: unknown) =>
      ipcRenderer.invoke(LOG_EXPORT_START_CHANNEL, { exportId, input }),
    cancel: (exportId: string) => ipcRenderer.invoke(LOG_EXPORT_CANCEL_CHANNEL, exportId),
    onProgress: (listener: (progress: LogExportProgress) => void): (() => void) =>
      subscribe(LOG_EXPORT_PROGRESS_CHANNEL, listener)
  },
  importFile: { choose: () => ipcRenderer.invoke(IMPORT_FILE_CHOOSE_CHANNEL) },
  recordExport: {
    start: (exportId: string, input: unknown) =>
      ipcRenderer.invoke(RECORD_EXPORT_START_CHANNEL, { exportId, input }),
    cancel: (exportId: string) => ipcRenderer.invoke(RECORD_EXPORT_CANCEL_CHANNEL, exportId),
    onProgress: (listener: (progress: RecordExportIpcProgress) => void): (() => void) =>
      subscribe(RECORD_EXPORT_PROGRESS_CHANNEL, listener)
  }
})

contextBridge.exposeInMainWorld('upgrade', {
  onProgress: (listener: (progress: UpgradeProgress) => void): (() => void) =>
    subscribe(UPGRADE_PROGRESS_CHANNEL, listener)
})
