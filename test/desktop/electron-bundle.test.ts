import { fork, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiMethodNames } from '@shared/api-methods'
import { CONTENT_SECURITY_POLICY } from '../../src/main/content-security-policy'

/**
 * The built Electron main bundle (out/main/index.js), booted in plain Node with `electron`
 * resolved to a test double: it proves the bundle's wiring, its bundled migrations and the
 * sqlite3 binding without the Electron binary, which cannot be downloaded here.
 */
const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
const bundle = join(root, 'out/main/index.js')
const rendererUrl = pathToFileURL(join(root, 'out/renderer/index.html')).href

type Message = { type: string; [key: string]: unknown }
let child: ChildProcess
let userData: string
const messages: Message[] = []
let exitCode: Promise<number | null>

function next(type: string, match: (message: Message) => boolean = () => true): Promise<Message> {
  const found = messages.find((message) => message.type === type && match(message))
  if (found) return Promise.resolve(found)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no "${type}" message from the bundle`)),
      20_000
    )
    const listener = (message: Message) => {
      if (message.type !== type || !match(message)) return
      clearTimeout(timer)
      child.off('message', listener)
      resolve(message)
    }
    child.on('message', listener)
  })
}

let nextId = 0
async function invoke(channel: string, senderUrl: string, input: unknown = {}) {
  const id = ++nextId
  child.send({ cmd: 'invoke', channel, senderUrl, input, id })
  return (await next('answer', (message) => message.id === id)).answer as {
    ok: boolean
    data?: unknown
    error?: { code: string }
  }
}

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'pim-electron-'))
  child = fork(bundle, [], {
    execArgv: [
      '--import',
      pathToFileURL(join(root, 'test/support/electron-stub/register.mjs')).href
    ],
    env: { ...process.env, PIM_STUB_USER_DATA: userData, ELECTRON_RENDERER_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  child.on('message', (message: Message) => messages.push(message))
  exitCode = new Promise((resolve) => child.once('exit', (code) => resolve(code)))
  await next('load')
}, 30_000)

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL')
  rmSync(userData, { recursive: true, force: true })
})

describe('the Electron main bundle under a stub electron', () => {
  it('starts the core in the userData folder, with its database and lock', () => {
    expect(existsSync(join(userData, 'pim.sqlite'))).toBe(true)
    expect(existsSync(join(userData, 'pim.lock'))).toBe(true)
  })

  it('registers exactly the contract methods as IPC handlers', async () => {
    child.send({ cmd: 'channels' })
    const { channels } = await next('channels')
    expect([...(channels as string[])].sort()).toEqual([...apiMethodNames].sort())
  })

  it('answers its own renderer and refuses any other frame', async () => {
    const own = await invoke('apps.list', rendererUrl)
    expect(own.ok).toBe(true)
    expect((own.data as Array<{ key: string }>).map((app) => app.key)).toEqual([
      'products',
      'orders',
      'inventory',
      'pricing'
    ])
    for (const stranger of [
      'https://example.com/',
      pathToFileURL(join(userData, 'index.html')).href,
      ''
    ]) {
      const refused = await invoke('apps.list', stranger)
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    }
    const bad = await invoke('webhooks.create', rendererUrl, { appId: 1, url: 'ftp://x' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_argument' } })
  })

  it('opens a sandboxed window on the bundled renderer with the preload bridge', async () => {
    const { options } = (await next('window')) as unknown as { options: { webPreferences: object } }
    expect(options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(root, 'out/preload/index.cjs')
    })
    expect(existsSync(join(root, 'out/preload/index.cjs'))).toBe(true)
    expect((await next('load')).file).toBe(join(root, 'out/renderer/index.html'))
  })

  it('denies every permission request and sends the app CSP on every response', async () => {
    child.send({ cmd: 'security' })
    const { granted, headers } = (await next('security')) as unknown as {
      granted: boolean
      headers: { responseHeaders: Record<string, string[]> }
    }
    expect(granted).toBe(false)
    expect(headers.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(headers.responseHeaders['X-Test']).toEqual(['1'])
  })

  it('pushes delivery log rows to its windows', async () => {
    await invoke('webhooks.create', rendererUrl, {
      appId: 1,
      url: 'http://127.0.0.1:9/unreachable',
      events: ['brand.created'],
      retrySchedule: []
    })
    await invoke('entities.create', rendererUrl, { type: 'brand', data: { name: 'Pushed' } })
    const push = await next('push', (message) => message.channel === 'push')
    expect((push.payload as { type: string }).type).toBe('log.created')
  })

  it('quits cleanly: the worker stops, the lock is released, exit code 0', async () => {
    child.send({ cmd: 'quit' })
    expect(await exitCode).toBe(0)
    expect(existsSync(join(userData, 'pim.lock'))).toBe(false)
    expect(existsSync(join(userData, 'pim.sqlite'))).toBe(true)
  })
})
