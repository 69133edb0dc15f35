import type { ApiResponse } from '@shared/api-contract'
import { IMPORT_UPLOAD_PATH } from '@shared/http-routes'
import type { StagedUpload } from '@shared/imports'
import { IMPORT_FILE_NAME_PARAM, importFileNameProblem } from '@shared/import-upload'
import { ApiError } from './api-error'

/**
 * How a file to import reaches the core, however the shell does it: the desktop's open-file
 * dialog (the main process reads the file), or the page's file input whose File the browser
 * streams to the headless shell's upload route.
 */
export interface ImportUploader {
  /** True: `choose()` opens the system's dialog; false: the page picks a File for `upload`. */
  readonly nativeDialog: boolean
  /** Desktop: the dialog, then the staging; null when the operator closed the dialog. */
  choose(): Promise<StagedUpload | null>
  upload(file: File): Promise<StagedUpload>
}

const unsupported = (what: string) =>
  Promise.reject(new ApiError({ code: 'internal', message: `${what} is not available here` }))

export const unavailableUploader: ImportUploader = {
  nativeDialog: false,
  choose: () => unsupported('Choosing a file'),
  upload: () => unsupported('Uploading a file')
}

/** The desktop window: the main process shows the dialog and reads the chosen file itself. */
export function electronUploader(bridge: NonNullable<Window['api']>['importFile']): ImportUploader {
  return {
    nativeDialog: true,
    async choose() {
      const answer = await bridge.choose()
      if (!answer.ok) throw new ApiError(answer.error)
      return answer.data
    },
    upload: () => unsupported('Uploading a file from the page')
  }
}

/**
 * The headless shell: the File is the request's body, which the browser streams from disk (the
 * page never holds the file in memory), labelled as plain bytes whatever its type.
 */
export function httpUploader(base: string, authorization: string): ImportUploader {
  return {
    nativeDialog: false,
    choose: () => unsupported('A native file dialog'),
    async upload(file) {
      const problem = importFileNameProblem(file.name)
      if (problem)
        throw new ApiError({
          code: 'invalid_argument',
          message: `${file.name}: ${problem}`
        })
      const query = `${IMPORT_FILE_NAME_PARAM}=${encodeURIComponent(file.name)}`
      let response: Response
      try {
        response = await fetch(`${base}${IMPORT_UPLOAD_PATH}?${query}`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/octet-stream' },
          body: file
        })
      } catch {
        throw new ApiError({
          code: 'internal',
          message: 'Cannot reach the app server. Is `npm run serve` still running?'
        })
      }
      let body: ApiResponse<StagedUpload>
      try {
        body = (await response.json()) as ApiResponse<StagedUpload>
      } catch {
        throw new ApiError({
          code: 'internal',
          message: `The server answered HTTP ${response.status}`
        })
      }
      if (!body.ok) throw new ApiError(body.error)
      return body.data
    }
  }
}
