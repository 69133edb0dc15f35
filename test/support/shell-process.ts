import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach } from 'vitest'
import type {
  ApiErrorBody,
  ApiInput,
  ApiMethod,
  ApiOutput,
  ApiResponse
} from '@shared/api-contract'
import { tempDir } from './core-harness'

const root = join(dirname(fileURLToPath(import.meta.url)), '../..')
export const SERVE_SCRIPT = join(root, 'out/main/serve.js')
export const DEMO_SCRIPT = join(root, 'out/main/demo.js')
const READY_TIMEOUT_MS = 20_000
const URL_LINE =
  /Indexed PIM (?:headless shell|demo) on (http:\/\/127\.0\.0\.1:(\d+))\/\?token=(\S+)/

export interface ExitInfo {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface RawAnswer {
  status: number
  headers: Headers
  body: ApiResponse<unknown>
}

export interface ShellProcess {
  child: ChildProcess
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  baseUrl: string
  port: number
  token: string
  dataDir: string
  /** Everything the child wrote so far, for assertions and failure messages. */
  output(): { stdout: string; stderr: string }
  /** Calls an API method and returns its data; an error answer fails with its code and message. */
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>
  /** POSTs any JSON to `/api/<method>` and returns status and parsed answer, success or not. */
  post(method: string, input: unknown): Promise<RawAnswer>
  kill(signal?: NodeJS.Signals): void
  waitForExit(timeoutMs?: number): Promise<ExitInfo>
}

export interface StartOptions {
  /** Reuse a data dir (restart); default a fresh temp dir removed after the test. */
  dataDir?: string
  token?: string
  /**
   * How the token reaches the shell; default the PIM_TOKEN variable, as the README advises.
   * 'none' lets the shell generate one (read back from the URL it prints).
   */
  tokenVia?: 'env' | 'file' | 'flag' | 'none'
  /** Survives the per-test cleanup (for a suite that walks through one session); kill it yourself. */
  persistent?: boolean
  /** More flags for the plain shell (`--database postgres://...`). */
  serveArgs?: string[]
  /**
   * Runs `npm run demo`'s script (`out/main/demo.js`, receiver on a free port) with these extra
   * flags instead of the plain shell; it makes its own token.
   */
  demoArgs?: string[]
  /** Node options before the script (the bench's `--cpu-prof`). */
  nodeArgs?: string[]
  /** More environment variables for the shell. */
  env?: Record<string, string>
}

const live = new Set<ChildProcess>()
const ownedDirs = new Set<string>()
const everyChild = new Set<ChildProcess>()

function exitOf(child: ChildProcess): Promise<ExitInfo> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
}

/** Starts `node out/main/serve.js` on port 0 and resolves once it printed its URL line. */
export async function startShell(options: StartOptions = {}): Promise<ShellProcess> {
  const dataDir = options.dataDir ?? tempDir('pim-serve-')
  if (!options.dataDir && !options.persistent) ownedDirs.add(dataDir)
  const given = options.token ?? `test-token-${randomBytes(24).toString('base64url')}`
  const args = options.demoArgs
    ? [
        DEMO_SCRIPT,
        '--port',
        '0',
        '--receiver-port',
        '0',
        '--data-dir',
        dataDir,
        ...options.demoArgs
      ]
    : [SERVE_SCRIPT, '--port', '0', '--data-dir', dataDir, ...(options.serveArgs ?? [])]
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env }
  delete env.PIM_TOKEN
  const via = options.demoArgs ? 'none' : (options.tokenVia ?? 'env')
  if (via === 'env') env.PIM_TOKEN = given
  if (via === 'flag') args.push('--token', given)
  if (via === 'file') {
    const dir = tempDir('pim-token-')
    ownedDirs.add(dir)
    const file = join(dir, 'token')
    writeFileSync(file, `${given}\n`, { mode: 0o600 })
    args.push('--token-file', file)
  }
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  if (!options.persistent) live.add(child)
  everyChild.add(child)
  const exited = exitOf(child)
  void exited.then(() => {
    live.delete(child)
    everyChild.delete(child)
  })

  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8')
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => (stderr += chunk))

  const ready = await new Promise<{ baseUrl: string; port: number; token: string }>(
    (resolve, reject) => {
      const fail = (why: string): void => {
        clearTimeout(timer)
        reject(new Error(`serve did not start: ${why}\nstdout: ${stdout}\nstderr: ${stderr}`))
      }
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        fail(`no URL line within ${READY_TIMEOUT_MS} ms`)
      }, READY_TIMEOUT_MS)
      child.stdout?.on('data', (chunk: string) => {
        stdout += chunk
        const match = URL_LINE.exec(stdout)
        if (match) {
          clearTimeout(timer)
          resolve({ baseUrl: match[1], port: Number(match[2]), token: match[3] })
        }
      })
      void exited.then((info) => fail(`exited early with ${JSON.stringify(info)}`))
    }
  )

  const token = ready.token
  const post = async (method: string, input: unknown): Promise<RawAnswer> => {
    const response = await fetch(`${ready.baseUrl}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(input)
    })
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as ApiResponse<unknown>
    }
  }

  return {
    child,
    baseUrl: ready.baseUrl,
    port: ready.port,
    token,
    dataDir,
    output: () => ({ stdout, stderr }),
    post,
    async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
      const answer = await post(method, input)
      if (!answer.body.ok) {
        const error: ApiErrorBody = answer.body.error
        throw new Error(`${method} answered ${answer.status} ${error.code}: ${error.message}`)
      }
      return answer.body.data as ApiOutput<M>
    },
    kill(signal = 'SIGTERM') {
      child.kill(signal)
    },
    async waitForExit(timeoutMs = 10_000) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`serve did not exit within ${timeoutMs} ms`)),
          timeoutMs
        )
      })
      try {
        return await Promise.race([exited, timeout])
      } finally {
        clearTimeout(timer)
      }
    }
  }
}

/** Kills every shell still running and removes the data dirs this helper created. */
export async function stopAllShells(): Promise<void> {
  const running = [...live]
  for (const child of running) child.kill('SIGKILL')
  await Promise.all(running.map(exitOf))
  live.clear()
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true })
  ownedDirs.clear()
}

afterEach(stopAllShells)

// A crashed test worker must not leave shells holding ports and data-dir locks.
process.once('exit', () => {
  for (const child of everyChild) child.kill('SIGKILL')
})
