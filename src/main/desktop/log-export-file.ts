import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { LogExportInput } from '@shared/api-contract'
import { CoreError } from '../core/support/core-error'

/**
 * Writes an export of the delivery log into a file the operator chose (the desktop shell's save
 * dialog), in plain Node so it is tested without Electron. The rows go to a hidden sibling first
 * and replace the chosen file only once complete: a cancelled or failed export leaves no half
 * file behind, and an existing file the operator chose to overwrite is kept until then.
 */

export type FileExportResult =
  { status: 'written'; rows: number; fileName: string } | { status: 'cancelled'; rows: number }

export interface FileExportOptions {
  file: string
  /** Aborting stops the export: no further page is read and the partial file is deleted. */
  signal: AbortSignal
  /** Attempts written so far: at the first page, then at most every `progressEveryMs`. */
  onProgress?: (rows: number) => void
  progressEveryMs?: number
}

const REASONS: Record<string, [CoreError['code'], string]> = {
  ENOSPC: ['storage_full', 'the disk is full'],
  EDQUOT: ['storage_full', 'the disk quota is used up'],
  EACCES: ['storage_unavailable', 'there is no permission to write there'],
  EPERM: ['storage_unavailable', 'there is no permission to write there'],
  EROFS: ['storage_unavailable', 'the disk is read-only'],
  ENOENT: ['storage_unavailable', 'the folder no longer exists'],
  EISDIR: ['storage_unavailable', 'a folder has that name']
}

/** A file-system failure in words that name the file, not the database's storage messages. */
function fileError(error: NodeJS.ErrnoException, file: string): CoreError {
  const [code, reason] = REASONS[error.code ?? ''] ?? ['internal', error.message]
  return new CoreError(code, `Could not write ${file}: ${reason}.`)
}

/** A hidden file beside the chosen one, so the final rename never crosses disks. */
function partialPathOf(file: string): string {
  const name = basename(file)
  return `${file.slice(0, file.length - name.length)}.${name}.${randomBytes(4).toString('hex')}.partial`
}

/**
 * Also writes the record export's files (`record-export-ipc.ts`): anything whose `exportChunks`
 * streams text or bytes and counts its rows.
 */
export async function writeLogExportFile<Input = LogExportInput>(
  logExport: {
    exportChunks(input: Input, onProgress?: (rows: number) => void): AsyncIterable<string | Buffer>
  },
  input: Input,
  options: FileExportOptions
): Promise<FileExportResult> {
  const { file, signal } = options
  const every = options.progressEveryMs ?? 100
  const partial = partialPathOf(file)
  let rows = 0
  let reportedAt = -Infinity
  const onRows = (written: number): void => {
    rows = written
    const now = performance.now()
    if (now - reportedAt < every) return
    reportedAt = now
    options.onProgress?.(written)
  }
  try {
    if (signal.aborted) return { status: 'cancelled', rows: 0 }
    // One page buffered ahead at most; the file stream's backpressure paces the reads.
    const chunks = Readable.from(logExport.exportChunks(input, onRows), { highWaterMark: 1 })
    await pipeline(chunks, createWriteStream(partial, { flags: 'wx' }), { signal })
    await rename(partial, file)
  } catch (error) {
    await rm(partial, { force: true })
    if (signal.aborted) return { status: 'cancelled', rows }
    const failed = error as NodeJS.ErrnoException & { path?: string }
    if (failed.path === partial || failed.path === file) throw fileError(failed, file)
    throw error
  }
  options.onProgress?.(rows)
  return { status: 'written', rows, fileName: basename(file) }
}

/**
 * The exports running in the desktop shell, by the id their window chose, so Cancel reaches the
 * right one and a window can only stop its own. A closed window's exports are cancelled.
 */
export class RunningExports {
  private readonly running = new Map<string, { owner: number; controller: AbortController }>()

  /** Null when the id is taken (a renderer reusing an id must not steal a running export). */
  begin(exportId: string, owner: number): AbortSignal | null {
    if (this.running.has(exportId)) return null
    const controller = new AbortController()
    this.running.set(exportId, { owner, controller })
    return controller.signal
  }

  end(exportId: string): void {
    this.running.delete(exportId)
  }

  /** True when an export of this owner was running and is now told to stop. */
  cancel(exportId: string, owner: number): boolean {
    const entry = this.running.get(exportId)
    if (!entry || entry.owner !== owner) return false
    entry.controller.abort()
    return true
  }

  cancelAllOf(owner: number): void {
    for (const [exportId, entry] of this.running)
      if (entry.owner === owner) this.cancel(exportId, owner)
  }

  get size(): number {
    return this.running.size
  }
}
