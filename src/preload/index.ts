import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import type { PushEvent } from '@shared/dto'

/**
 * Exposes one named function per contract method (no generic invoke: the renderer can reach
 * nothing else) and a push subscription that hands back its own unsubscribe.
 */
const methods: Record<string, (input?: unknown) => Promise<unknown>> = {}
for (const method of apiMethodNames)
  methods[method] = (input) => ipcRenderer.invoke(method, input ?? {})

contextBridge.exposeInMainWorld('api', {
  ...methods,
  onPush(listener: (event: PushEvent) => void): () => void {
    const handler = (_event: IpcRendererEvent, payload: PushEvent): void => listener(payload)
    ipcRenderer.on(PUSH_CHANNEL, handler)
    return () => ipcRenderer.off(PUSH_CHANNEL, handler)
  }
})
