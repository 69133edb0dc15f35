import { beforeEach, describe, expect, it, vi } from 'vitest'
import { apiMethodNames, PUSH_CHANNEL } from '@shared/api-methods'
import { apiInputSchemas } from '@shared/api-contract'
import { NAVIGATE_CHANNEL, UPGRADE_PROGRESS_CHANNEL } from '@shared/desktop-ipc'
import {
  LOG_EXPORT_CANCEL_CHANNEL,
  LOG_EXPORT_PROGRESS_CHANNEL,
  LOG_EXPORT_START_CHANNEL
} from '@shared/log-export-ipc'

// Electron itself cannot run here; record what the preload hands to it instead.
const exposed: Record<string, unknown> = {}
const invoke = vi.fn(async (channel: string, input: unknown) => ({
  ok: true,
  data: { channel, input }
}))
const listeners = new Map<string, (...args: unknown[]) => void>()
vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, value: unknown) => {
      exposed[key] = value
    }
  },
  ipcRenderer: {
    invoke,
    on: (channel: string, listener: (...args: unknown[]) => void) =>
      listeners.set(channel, listener),
    off: (channel: string) => listeners.delete(channel)
  }
}))

type ExposedApi = Record<string, (...args: unknown[]) => unknown>

describe('preload bridge', () => {
  beforeEach(async () => {
    vi.resetModules()
    await import('../../src/preload/index')
  })

  it('exposes exactly one function per contract method plus onPush, onNavigate, logExport, recordExport and importFile, and nothing generic', () => {
    const api = exposed.api as ExposedApi
    expect(Object.keys(api).sort()).toEqual(
      [...apiMethodNames, 'importFile', 'logExport', 'onNavigate', 'onPush', 'recordExport'].sort()
    )
    expect(Object.keys(exposed).sort()).toEqual(['api', 'upgrade'])
    expect(Object.keys(apiInputSchemas).sort()).toEqual([...apiMethodNames].sort())
    for (const name of ['invoke', 'send', 'ipcRenderer', 'on']) expect(api).not.toHaveProperty(name)
  })

  it('forwards each call to the IPC channel of the same name', async () => {
    const api = exposed.api as ExposedApi
    await expect(api['webhooks.bulk']({ ids: [1], action: 'delete' })).resolves.toEqual({
      ok: true,
      data: { channel: 'webhooks.bulk', input: { ids: [1], action: 'delete' } }
    })
    await api['apps.list']()
    expect(invoke).toHaveBeenLastCalledWith('apps.list', {})
  })

  it('subscribes to push events and hands back a working unsubscribe', () => {
    const api = exposed.api as ExposedApi
    const received: unknown[] = []
    const unsubscribe = api.onPush((event: unknown) => received.push(event)) as () => void
    listeners.get(PUSH_CHANNEL)?.({}, { type: 'webhook.changed', webhookId: 3 })
    expect(received).toEqual([{ type: 'webhook.changed', webhookId: 3 }])
    unsubscribe()
    expect(listeners.has(PUSH_CHANNEL)).toBe(false)
  })

  it('starts and cancels an export on its own channels and follows only export progress', async () => {
    const { logExport } = exposed.api as { logExport: ExposedApi }
    expect(Object.keys(logExport).sort()).toEqual(['cancel', 'onProgress', 'start'])
    const { recordExport } = exposed.api as { recordExport: ExposedApi }
    expect(Object.keys(recordExport).sort()).toEqual(['cancel', 'onProgress', 'start'])
    await logExport.start('export-1234', { appId: 1, format: 'csv' })
    expect(invoke).toHaveBeenLastCalledWith(LOG_EXPORT_START_CHANNEL, {
      exportId: 'export-1234',
      input: { appId: 1, format: 'csv' }
    })
    await logExport.cancel('export-1234')
    expect(invoke).toHaveBeenLastCalledWith(LOG_EXPORT_CANCEL_CHANNEL, 'export-1234')
    const received: unknown[] = []
    const unsubscribe = logExport.onProgress((progress: unknown) =>
      received.push(progress)
    ) as () => void
    const progress = { exportId: 'export-1234', rows: 500, fileName: 'log.csv' }
    listeners.get(LOG_EXPORT_PROGRESS_CHANNEL)?.({}, progress)
    expect(received).toEqual([progress])
    unsubscribe()
    expect(listeners.has(LOG_EXPORT_PROGRESS_CHANNEL)).toBe(false)
  })

  it('hands navigation requests of the main process to the window, with a working unsubscribe', () => {
    const api = exposed.api as ExposedApi
    const paths: unknown[] = []
    const unsubscribe = api.onNavigate((path: unknown) => paths.push(path)) as () => void
    listeners.get(NAVIGATE_CHANNEL)?.({}, '/apps/2/logs?webhookId=7')
    expect(paths).toEqual(['/apps/2/logs?webhookId=7'])
    unsubscribe()
    expect(listeners.has(NAVIGATE_CHANNEL)).toBe(false)
  })

  it('gives the upgrade window its progress, and only that', () => {
    const upgrade = exposed.upgrade as ExposedApi
    expect(Object.keys(upgrade)).toEqual(['onProgress'])
    const received: unknown[] = []
    const unsubscribe = upgrade.onProgress((progress: unknown) =>
      received.push(progress)
    ) as () => void
    const progress = { phase: 'migrating', done: 1, total: 4, step: 'Add flow controls' }
    listeners.get(UPGRADE_PROGRESS_CHANNEL)?.({}, progress)
    expect(received).toEqual([progress])
    unsubscribe()
    expect(listeners.has(UPGRADE_PROGRESS_CHANNEL)).toBe(false)
  })
})
