import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { repoRoot } from './electron-bundle'

/** `npm run worker`'s built script on `database`; resolves once it says it is at work. */
export function startWorkerProcess(
  database: string,
  extraArgs: string[] = []
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'out/main/worker.js'), '--database', database, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  return new Promise((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`worker did not start:\n${output}`))
    }, 20_000)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Indexed PIM delivery worker')) {
        clearTimeout(timer)
        resolve(child)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`worker exited with ${code}:\n${output}`))
    })
  })
}

/** Stops a worker and waits until it is gone. */
export function stopWorkerProcess(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM'
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill(signal)
  })
}
