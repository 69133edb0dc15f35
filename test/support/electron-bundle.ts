import { fork, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/**
 * Boots the built Electron main bundle (out/main/index.js) in plain Node, with `electron`
 * resolved to the test double in test/support/electron-stub, and talks to that double.
 */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../..')

export type StubMessage = { type: string; [key: string]: unknown }

export interface BootedBundle {
  child: ChildProcess
  /** The first message of this type (and match) the bundle sent, waiting for it if need be. */
  next(type: string, match?: (message: StubMessage) => boolean): Promise<StubMessage>
  /** Every message of this type the bundle sent so far. */
  all(type: string): StubMessage[]
  /** Calls an IPC handler as a frame showing `senderUrl`. */
  invoke(channel: string, senderUrl: string, input?: unknown): Promise<IpcAnswer>
  /** Requests a URL from the registered custom-scheme handler. */
  fetch(url: string): Promise<StubMessage>
  send(command: Record<string, unknown>): void
  exited: Promise<number | null>
}

export interface IpcAnswer {
  ok: boolean
  data?: unknown
  error?: { code: string }
}

/** `args` are the command line after `electron .` (e.g. the demo's `--demo ...`). */
export function bootBundle(env: Record<string, string>, args: string[] = []): BootedBundle {
  const messages: StubMessage[] = []
  const child = fork(join(repoRoot, 'out/main/index.js'), args, {
    execArgv: [
      '--import',
      pathToFileURL(join(repoRoot, 'test/support/electron-stub/register.mjs')).href
    ],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc']
  })
  child.on('message', (message: StubMessage) => messages.push(message))
  // What the bundle wrote to stderr (its logged errors), told when an awaited message never comes.
  let stderr = ''
  // Read, or a chatty bundle would block once the pipe's buffer is full.
  child.stdout?.resume()
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))

  function next(type: string, match: (message: StubMessage) => boolean = () => true) {
    const found = messages.find((message) => message.type === type && match(message))
    if (found) return Promise.resolve(found)
    return new Promise<StubMessage>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no "${type}" message from the bundle${stderr ? `; its stderr ends:\n${stderr}` : ''}`
            )
          ),
        20_000
      )
      const listener = (message: StubMessage) => {
        if (message.type !== type || !match(message)) return
        clearTimeout(timer)
        child.off('message', listener)
        resolve(message)
      }
      child.on('message', listener)
    })
  }

  let lastId = 0
  const send = (command: Record<string, unknown>) => child.send(command)
  return {
    child,
    next,
    all: (type) => messages.filter((message) => message.type === type),
    send,
    exited,
    async invoke(channel, senderUrl, input = {}) {
      const id = ++lastId
      send({ cmd: 'invoke', channel, senderUrl, input, id })
      return (await next('answer', (message) => message.id === id)).answer as IpcAnswer
    },
    async fetch(url) {
      const id = ++lastId
      send({ cmd: 'fetch', url, id })
      return next('fetched', (message) => message.id === id)
    }
  }
}
