import type { ApiResponse } from '@shared/api-contract'
import type { ApiMethodName } from '@shared/api-methods'
import type { PushEvent } from '@shared/dto'

export type PreloadApi = {
  [M in ApiMethodName]: (input?: unknown) => Promise<ApiResponse<unknown>>
} & {
  onPush(listener: (event: PushEvent) => void): () => void
}

declare global {
  interface Window {
    api?: PreloadApi
  }
}
