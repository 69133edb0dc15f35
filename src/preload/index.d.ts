import type { ApiResponse } from '@shared/api-contract'
import type { ApiMethodName } from '@shared/api-methods'
import type { UpgradeProgress } from '@shared/desktop-ipc'
import type { PushEvent } from '@shared/dto'
import type { LogExportOutcome } from '@shared/log-export'
import type { LogExportProgress } from '@shared/log-export-ipc'
import type { StagedUpload } from '@shared/imports'
import type { RecordExportOutcome } from '@shared/record-export'
import type { RecordExportIpcProgress } from '@shared/record-export-ipc'

/** The delivery log's export in the desktop window: the main process asks where and writes. */
export interface PreloadLogExport {
  start(exportId: string, input: unknown): Promise<ApiResponse<LogExportOutcome>>
  cancel(exportId: string): Promise<ApiResponse<{ cancelled: boolean }>>
  onProgress(listener: (progress: LogExportProgress) => void): () => void
}

/** The records' export in the desktop window, the same way. */
export interface PreloadRecordExport {
  start(exportId: string, input: unknown): Promise<ApiResponse<RecordExportOutcome>>
  cancel(exportId: string): Promise<ApiResponse<{ cancelled: boolean }>>
  onProgress(listener: (progress: RecordExportIpcProgress) => void): () => void
}

export type PreloadApi = {
  [M in ApiMethodName]: (input?: unknown) => Promise<ApiResponse<unknown>>
} & {
  onPush(listener: (event: PushEvent) => void): () => void
  /** The main process asks for a route (a notification was clicked); hands back unsubscribe. */
  onNavigate(listener: (path: string) => void): () => void
  logExport: PreloadLogExport
  /** A file to import, chosen in the system's open dialog and staged by the main process. */
  importFile: { choose(): Promise<ApiResponse<StagedUpload | null>> }
  recordExport: PreloadRecordExport
}

/** The upgrade window's page: how the data folder's upgrade goes (migrations, or waiting). */
export interface PreloadUpgrade {
  onProgress(listener: (progress: UpgradeProgress) => void): () => void
}

declare global {
  interface Window {
    api?: PreloadApi
    upgrade?: PreloadUpgrade
  }
}
