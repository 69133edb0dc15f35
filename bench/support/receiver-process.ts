import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { tempDir } from '../../test/support/core-harness'

export interface RecordedRequest {
  headers: Record<string, string>
  body: string
}

type Message = { type: string; count?: number; port?: number }

/** The out-of-process receiver (receiver-child.mjs) and the calls the scenarios make on it. */
export interface ReceiverProcess {
  url: string
  /** Zero the count; with `record`, keep every request for `recorded()`. */
  reset(record?: boolean): Promise<void>
  waitFor(count: number, timeoutMs?: number): Promise<void>
  count(): Promise<number>
  recorded(): Promise<RecordedRequest[]>
  close(): Promise<void>
}

export async function startReceiverProcess(): Promise<ReceiverProcess> {
  const child: ChildProcess = fork(
    join(dirname(fileURLToPath(import.meta.url)), 'receiver-child.mjs'),
    [],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    }
  )
  const next = (type: string, filter: (m: Message) => boolean = () => true) =>
    new Promise<Message>((resolve, reject) => {
      const onMessage = (message: Message): void => {
        if (message.type !== type || !filter(message)) return
        child.off('message', onMessage)
        child.off('exit', onExit)
        resolve(message)
      }
      const onExit = (): void => reject(new Error('receiver process exited'))
      child.on('message', onMessage)
      child.once('exit', onExit)
    })
  const { port } = await next('ready')
  return {
    url: `http://127.0.0.1:${port}/hook`,
    async reset(record = false) {
      const done = next('reset')
      child.send({ type: 'reset', record })
      await done
    },
    async waitFor(count, timeoutMs = 600_000) {
      const reached = next('reached', (m) => m.count === count)
      child.send({ type: 'wait', count })
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error(`receiver: ${count} not reached`)), timeoutMs)
      })
      try {
        await Promise.race([reached, timeout])
      } finally {
        clearTimeout(timer)
      }
    },
    async count() {
      const answer = next('count')
      child.send({ type: 'count' })
      return (await answer).count ?? 0
    },
    async recorded() {
      const dir = tempDir('pim-bench-')
      const file = join(dir, 'recorded.json')
      const done = next('dumped')
      child.send({ type: 'dump', file })
      await done
      const requests = JSON.parse(readFileSync(file, 'utf8')) as RecordedRequest[]
      rmSync(dir, { recursive: true, force: true })
      return requests
    },
    async close() {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill()
      await exited
    }
  }
}
