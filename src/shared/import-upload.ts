import { MAX_IMPORT_BYTES } from './imports'

/**
 * How an import's file reaches the core from a shell (issue 23): the headless shell's
 * `POST /api/imports/upload?name=<file name>` with the file's bytes as the body, or the desktop's
 * open-file dialog. Free of dependencies, so the renderer, the preload and both shells share it.
 */

/** Query parameter of the upload route that carries the operator's file name. */
export const IMPORT_FILE_NAME_PARAM = 'name'

/** Body types the upload route takes: the raw file, however a browser or a script labels it. */
export const IMPORT_UPLOAD_MEDIA_TYPES = [
  'application/octet-stream',
  'text/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
] as const

/** The sentence a file over the cap gets, from the route (by its length) as from the core. */
export const TOO_LARGE_MESSAGE = `file: larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB, the most an import reads: split it into several files`

/**
 * What is wrong with a file name an upload names, or null: a plain name (no folder, no control
 * character, at most 255 characters) ending in `.csv` or `.xlsx`, the kinds an import reads.
 */
export function importFileNameProblem(name: string | null | undefined): string | null {
  if (!name) return 'name the file (?name=products.csv)'
  if (name.length > 255) return 'the file name is longer than 255 characters'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(name))
    return 'the file name must be a plain name, without a folder or control characters'
  if (name === '.' || name === '..' || /^\.(csv|xlsx)$/i.test(name)) return 'the file name is empty'
  if (!/\.(csv|xlsx)$/i.test(name)) return 'only .csv and .xlsx files are imported'
  return null
}

/**
 * Desktop: invoke() opens the system's open-file dialog (CSV, XLSX) and stages the chosen file
 * in the main process; answers `ApiResponse<StagedUpload | null>` (null: the dialog was closed).
 * The renderer never names a path: it can only stage a file the operator picked.
 */
export const IMPORT_FILE_CHOOSE_CHANNEL = 'import-file:choose'
