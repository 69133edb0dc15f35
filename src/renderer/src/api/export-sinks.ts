import { downloadBlob } from '../download'

/**
 * Where a browser export's bytes go while they arrive, shared by the delivery log's and the
 * records' exports: a file the operator picks, or (no picker) one Blob for the downloads.
 */

/** Where the bytes go while they arrive. */
export interface ExportSink {
  name: string
  browserDownload: boolean
  write(bytes: Uint8Array<ArrayBuffer>): Promise<void>
  /** The file is complete: keep it. */
  close(): Promise<void>
  /** Cancelled or failed: keep nothing of this export. */
  discard(): Promise<void>
}

/** The file an export writes: what the picker offers and the Blob's type. */
export interface FileKind {
  description: string
  mediaType: string
  extension: string
}

/** The File System Access API's picker (Chromium-based browsers); not in TypeScript's DOM lib. */
export type SaveFilePicker = (options: {
  suggestedName: string
  types: Array<{ description: string; accept: Record<string, string[]> }>
}) => Promise<FileSystemFileHandle>

export function saveFilePicker(): SaveFilePicker | null {
  const picker = (window as unknown as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker
  return typeof picker === 'function' ? picker.bind(window) : null
}

/**
 * A file the operator picks, written as the bytes arrive, so memory stays flat however long the
 * export. The writable is a swap file the browser moves into place only on close; abort leaves
 * the chosen file as it was. Null when the operator closed the picker.
 */
export async function pickedFileSink(
  picker: SaveFilePicker,
  suggestedName: string,
  kind: FileKind
): Promise<ExportSink | null> {
  let handle: FileSystemFileHandle
  try {
    handle = await picker({
      suggestedName,
      types: [
        { description: kind.description, accept: { [kind.mediaType]: [`.${kind.extension}`] } }
      ]
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') return null // closed
    throw error
  }
  const writable = await handle.createWritable()
  return {
    name: handle.name,
    browserDownload: false,
    write: (bytes) => writable.write(bytes),
    close: () => writable.close(),
    discard: () => writable.abort()
  }
}

/**
 * Fallback for browsers without a file picker (Firefox, Safari): the bytes are kept in memory
 * and handed to the browser's downloads as one Blob at the end, so a very large export needs
 * that much memory in the tab. Only used where `showSaveFilePicker` is missing; the dialogs say
 * so before the export starts.
 */
export function memorySink(name: string, kind: FileKind): ExportSink {
  let parts: BlobPart[] = []
  return {
    name,
    browserDownload: true,
    write: async (bytes) => {
      parts.push(bytes)
    },
    close: async () => {
      downloadBlob(name, new Blob(parts, { type: kind.mediaType }))
      parts = []
    },
    discard: async () => {
      parts = []
    }
  }
}
