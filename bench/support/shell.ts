import { readdirSync, readFileSync } from 'node:fs'
import { startShell, type ShellProcess } from '../../test/support/shell-process'

/**
 * The headless shell a scenario measures. With `PIM_BENCH_CPU_PROF=<dir>` it runs under
 * `node --cpu-prof` and is stopped with SIGTERM, so its clean exit writes the profile into <dir>
 * (open it in Chrome DevTools); otherwise it is killed outright.
 */
export async function startBenchShell(): Promise<ShellProcess> {
  const profileDir = process.env.PIM_BENCH_CPU_PROF
  return startShell(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {})
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
      const name =
        tid === String(pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      groups[name] = (groups[name] ?? 0) + (Number(fields[11]) + Number(fields[12])) * 10
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return groups
}
