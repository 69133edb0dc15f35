import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { startShell, type ShellProcess } from '../../test/support/shell-process'

/**
 * The headless shell a scenario measures. With `PIM_BENCH_CPU_PROF=<dir>` it runs under
 * `node --cpu-prof` and is stopped with SIGTERM, so its clean exit writes the profile into <dir>
 * (open it in Chrome DevTools); otherwise it is killed outright. `connectionStats` preloads
 * connection-stats.mjs, which keeps the totals `connectionStats()` reads in that file.
 */
export async function startBenchShell(
  options: { connectionStats?: string } = {}
): Promise<ShellProcess> {
  const profileDir = process.env.PIM_BENCH_CPU_PROF
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  if (!options.connectionStats) return startShell({ nodeArgs })
  return startShell({
    nodeArgs: [
      ...nodeArgs,
      '--import',
      fileURLToPath(new URL('./connection-stats.mjs', import.meta.url))
    ],
    env: { PIM_BENCH_CONNECTION_STATS: options.connectionStats }
  })
}

/** What connection-stats.mjs measured in the shell so far (its totals, ms on its own clock). */
export interface ConnectionStats {
  at: number
  busyMs: number
  transactions: Record<
    string,
    { count: number; heldMs: number; inDriverMs: number; statements: number }
  >
  single: { count: number; heldMs: number }
}

/** The shell's totals now (it writes them every 200 ms: this waits for the next write). */
export async function connectionStats(file: string): Promise<ConnectionStats> {
  await new Promise((resolve) => setTimeout(resolve, 250))
  return JSON.parse(readFileSync(file, 'utf8')) as ConnectionStats
}

export async function stopBenchShell(shell: ShellProcess): Promise<void> {
  shell.kill(process.env.PIM_BENCH_CPU_PROF ? 'SIGTERM' : 'SIGKILL')
  await shell.waitForExit(60_000)
}

/**
 * CPU time in ms a process has used so far, all its threads (Linux `/proc/<pid>/stat`, in clock
 * ticks of 10 ms); null where there is no procfs.
 */
export function processCpuMs(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

/**
 * CPU time in ms per thread group of a process: `main` (the JS event loop), and the others by
 * their kernel names (libuv's pool that runs SQLite, V8's GC helpers, the transport thread...).
 * Empty where there is no procfs.
 */
export function threadCpuMs(pid: number | undefined): Record<string, number> {
  const groups: Record<string, number> = {}
  let tids: string[]
  try {
    tids = readdirSync(`/proc/${pid}/task`)
  } catch {
    return groups
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      // Threads share names (libuv's pool and worker threads are all `node`): the id tells them apart.
      const name =
        tid === String(pid)
          ? 'main'
          : `${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}#${tid}`
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      groups[name] = (groups[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return groups
}
